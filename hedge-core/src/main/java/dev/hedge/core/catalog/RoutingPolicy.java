package dev.hedge.core.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a model orders its deployments for each request (configuration key {@code policy}). Each policy has one
 * planner in {@code dev.hedge.core.routing}; adding a policy is one constant here and one planner there.
 */
public enum RoutingPolicy {
    /** Priority order, as configured: the first deployment serves, the rest are the failover path. */
    FALLBACK("fallback"),
    /** A random order drawn by the deployments' weights. */
    WEIGHTED("weighted"),
    /** Recent latency (EWMA) with power-of-two choices; deployments with an open breaker go last. */
    LEAST_LATENCY("least-latency"),
    /** Lowest price per token first, then lowest recent latency. */
    CHEAPEST("cheapest");

    private final String configName;

    RoutingPolicy(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, e.g. {@code least-latency}. */
    public String configName() {
        return configName;
    }

    public static Optional<RoutingPolicy> parse(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.configName.equals(wanted)).findFirst();
    }

    /** The configuration names, for error messages. */
    public static String names() {
        return Arrays.stream(values()).map(RoutingPolicy::configName).collect(Collectors.joining(", "));
    }
}
