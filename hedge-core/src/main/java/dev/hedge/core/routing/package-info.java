/**
 * Routing policies: one planner per {@link dev.hedge.core.catalog.RoutingPolicy}, chosen per model by
 * {@link dev.hedge.core.routing.PolicyPlanner}, plus the context-window fit.
 */
@NullMarked
package dev.hedge.core.routing;

import org.jspecify.annotations.NullMarked;
