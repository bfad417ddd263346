/** Virtual keys and the master key: hashing, lookup through the {@link dev.hedge.core.auth.KeyStore} SPI, and the caller a key identifies. */
@NullMarked
package dev.hedge.core.auth;

import org.jspecify.annotations.NullMarked;
