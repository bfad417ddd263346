/**
 * Hedge's HTTP face: a Vert.x listener that authenticates, bounds and parses requests, hands them to the
 * {@link dev.hedge.core.gateway.Gateway}, and writes OpenAI-shaped answers (streams as server-sent events).
 */
@NullMarked
package dev.hedge.server;

import org.jspecify.annotations.NullMarked;
