package dev.hedge.core.resilience;

import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.time.Ticker;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of every deployment, by {@link Deployment#id()}. A deployment's health is created the first time
 * a request routes to it, with the breaker settings of that request's model, and survives configuration
 * reloads. Thread-safe.
 */
public final class DeploymentRegistry {

    private final Ticker ticker;
    private final Map<String, DeploymentHealth> byId = new ConcurrentHashMap<>();

    public DeploymentRegistry(Ticker ticker) {
        this.ticker = ticker;
    }

    public DeploymentHealth health(Deployment deployment, BreakerSettings settings) {
        DeploymentHealth known = byId.get(deployment.id());
        if (known != null) {
            return known;
        }
        return byId.computeIfAbsent(deployment.id(), id -> new DeploymentHealth(deployment, settings, ticker));
    }

    public Optional<DeploymentHealth> find(String deploymentId) {
        return Optional.ofNullable(byId.get(deploymentId));
    }

    /** Every deployment seen so far, by id. */
    public List<DeploymentStats> stats() {
        return byId.values().stream().map(DeploymentHealth::stats)
                .sorted(Comparator.comparing(DeploymentStats::id)).toList();
    }
}
