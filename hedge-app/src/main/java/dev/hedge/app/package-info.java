/** The hedge application: wires configuration, store, providers, local models, gateway and server into a running process. */
@NullMarked
package dev.hedge.app;

import org.jspecify.annotations.NullMarked;
