package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.resilience.DeploymentHealth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Power of two choices on recent latency: two deployments drawn at random, the one with the lower latency
 * EWMA goes first (a deployment without samples counts as fastest, so it gets measured); the rest follow by
 * latency. Deployments whose breaker is open go last. Two random choices rather than the single best keep
 * every node of a cluster from herding onto the same deployment.
 */
final class LeastLatencyOrder implements DeploymentOrder {

    private final RandomGenerator random;

    LeastLatencyOrder(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public List<Deployment> order(List<Deployment> deployments, Function<Deployment, DeploymentHealth> health) {
        Comparator<Deployment> byLatency = Comparator
                .comparing((Deployment d) -> health.apply(d).tripped())
                .thenComparingDouble(d -> health.apply(d).latencyEwmaNanos());
        List<Deployment> ordered = new ArrayList<>(deployments);
        ordered.sort(byLatency);
        List<Deployment> healthy = ordered.stream().filter(d -> !health.apply(d).tripped()).toList();
        if (healthy.size() >= 2) {
            int a = random.nextInt(healthy.size());
            int b = random.nextInt(healthy.size() - 1);
            if (b >= a) {
                b++;
            }
            Deployment first = byLatency.compare(healthy.get(a), healthy.get(b)) <= 0 ? healthy.get(a) : healthy.get(b);
            ordered.remove(first);
            ordered.addFirst(first);
        }
        return ordered;
    }
}
