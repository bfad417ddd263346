/** The request pipeline, assembled in one place ({@link dev.hedge.core.gateway.Gateway}): validate, resolve, admit, route, attempt until commit, relay, settle. Embeddable without an HTTP server. */
@NullMarked
package dev.hedge.core.gateway;

import org.jspecify.annotations.NullMarked;
