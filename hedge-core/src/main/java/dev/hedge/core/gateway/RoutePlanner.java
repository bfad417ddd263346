package dev.hedge.core.gateway;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import java.util.List;

/**
 * Orders a model's deployments for one request: the first is tried first, the rest are the failover path.
 * Routing policies (weighted, least-latency, cheapest, the quality router) are planners.
 */
@FunctionalInterface
public interface RoutePlanner {

    /** The deployments in configuration order: priority failover. */
    RoutePlanner IN_ORDER = (model, context) -> model.deployments();

    List<Deployment> plan(RoutedModel model, RequestContext context);
}
