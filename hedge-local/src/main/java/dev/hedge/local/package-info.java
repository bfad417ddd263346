/** The in-process provider: models that run inside Hedge, with no supplier and no network. */
@NullMarked
package dev.hedge.local;

import org.jspecify.annotations.NullMarked;
