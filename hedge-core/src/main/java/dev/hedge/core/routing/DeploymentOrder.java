package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.resilience.DeploymentHealth;
import java.util.List;
import java.util.function.Function;

/** One policy's ordering of a model's deployments: the first is tried first. */
@FunctionalInterface
interface DeploymentOrder {

    /**
     * @param deployments the model's deployments in configuration order
     * @param health what is known about each
     * @return the same deployments, reordered
     */
    List<Deployment> order(List<Deployment> deployments, Function<Deployment, DeploymentHealth> health);
}
