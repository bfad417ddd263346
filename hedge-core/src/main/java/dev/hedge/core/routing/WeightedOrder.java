package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.resilience.DeploymentHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Draws deployments one by one without replacement, each with probability proportional to its weight: the
 * first pick follows the weights exactly, the rest form the failover path.
 */
final class WeightedOrder implements DeploymentOrder {

    private final RandomGenerator random;

    WeightedOrder(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public List<Deployment> order(List<Deployment> deployments, Function<Deployment, DeploymentHealth> health) {
        List<Deployment> left = new ArrayList<>(deployments);
        List<Deployment> ordered = new ArrayList<>(deployments.size());
        long total = left.stream().mapToLong(d -> d.spec().weight()).sum();
        while (!left.isEmpty()) {
            long pick = random.nextLong(total);
            int i = 0;
            while (pick >= left.get(i).spec().weight()) {
                pick -= left.get(i).spec().weight();
                i++;
            }
            Deployment chosen = left.remove(i);
            total -= chosen.spec().weight();
            ordered.add(chosen);
        }
        return ordered;
    }
}
