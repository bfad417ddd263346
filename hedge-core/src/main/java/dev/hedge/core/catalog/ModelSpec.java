package dev.hedge.core.catalog;

import java.util.List;

/**
 * A public model: the name clients send and the deployments that serve it, tried in order until one
 * commits.
 *
 * @param name what clients send as {@code model}
 * @param deployments at least one
 * @param timeouts per attempt
 */
public record ModelSpec(String name, List<DeploymentSpec> deployments, Timeouts timeouts) {

    public ModelSpec {
        Names.requireValid("model name", name);
        deployments = List.copyOf(deployments);
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("deployments of %s: [] (expected: at least one)".formatted(name));
        }
    }

    public static ModelSpec of(String name, DeploymentSpec... deployments) {
        return new ModelSpec(name, List.of(deployments), Timeouts.DEFAULTS);
    }
}
