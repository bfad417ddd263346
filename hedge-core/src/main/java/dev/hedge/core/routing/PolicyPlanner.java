package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.gateway.RoutePlanner;
import dev.hedge.core.resilience.DeploymentRegistry;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Orders each model's deployments by the model's {@link dev.hedge.core.catalog.RoutingPolicy}. Thread-safe
 * when the random generator is (the default one is).
 */
public final class PolicyPlanner implements RoutePlanner {

    private final DeploymentRegistry registry;
    private final DeploymentOrder weighted;
    private final DeploymentOrder leastLatency;
    private final DeploymentOrder cheapest = new CheapestOrder();

    public PolicyPlanner(DeploymentRegistry registry, RandomGenerator random) {
        this.registry = registry;
        this.weighted = new WeightedOrder(random);
        this.leastLatency = new LeastLatencyOrder(random);
    }

    @Override
    public List<Deployment> plan(RoutedModel model, RequestContext context) {
        if (model.deployments().size() < 2) {
            return model.deployments();
        }
        DeploymentOrder order = switch (model.spec().policy()) {
            case FALLBACK -> (deployments, health) -> deployments;
            case WEIGHTED -> weighted;
            case LEAST_LATENCY -> leastLatency;
            case CHEAPEST -> cheapest;
        };
        return order.order(model.deployments(), d -> registry.health(d, model.spec().breaker()));
    }
}
