package dev.hedge.core.catalog;

import java.util.List;
import java.util.Optional;

/**
 * A public model: the name clients send and the deployments that serve it, tried in order until one
 * commits.
 *
 * @param name what clients send as {@code model}
 * @param deployments at least one
 * @param timeouts per attempt
 * @param policy how the deployments are ordered for each request
 * @param retries how failed attempts are retried
 * @param breaker when a deployment's circuit breaker opens (applied when a deployment is first seen)
 * @param hedging whether and when a second attempt races the first; empty: never
 */
public record ModelSpec(String name, List<DeploymentSpec> deployments, Timeouts timeouts, RoutingPolicy policy,
        Retries retries, BreakerSettings breaker, Optional<Hedging> hedging) {

    public ModelSpec {
        Names.requireValid("model name", name);
        deployments = List.copyOf(deployments);
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("deployments of %s: [] (expected: at least one)".formatted(name));
        }
    }

    /** A model with priority failover, no retries and default breakers. */
    public ModelSpec(String name, List<DeploymentSpec> deployments, Timeouts timeouts) {
        this(name, deployments, timeouts, RoutingPolicy.FALLBACK, Retries.DEFAULTS, BreakerSettings.DEFAULTS,
                Optional.empty());
    }

    public static ModelSpec of(String name, DeploymentSpec... deployments) {
        return new ModelSpec(name, List.of(deployments), Timeouts.DEFAULTS);
    }
}
