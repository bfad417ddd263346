package dev.hedge.app.config;

import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Hedging;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import java.math.BigDecimal;

/** The resilience keys of a model: {@code policy}, {@code retries}, {@code breaker}, {@code hedge}. */
final class ResilienceConfig {
    private ResilienceConfig() {}

    static RoutingPolicy policy(ConfigNode model) {
        return model.optionalString("policy")
                .map(name -> RoutingPolicy.parse(name).orElseThrow(() -> new ConfigException(
                        "%s: '%s' is not a routing policy (expected one of: %s)"
                                .formatted(model.at("policy"), name, RoutingPolicy.names()))))
                .orElse(RoutingPolicy.FALLBACK);
    }

    static Retries retries(ConfigNode node) {
        Retries d = Retries.DEFAULTS;
        Retries retries = ConfigLoader.checked(node, () -> new Retries(
                node.optionalInt("max", 0, 100).orElse(d.max()),
                node.optionalDuration("initial-backoff").orElse(d.initialBackoff()),
                node.optionalDuration("max-backoff").orElse(d.maxBackoff()),
                node.optionalDuration("max-retry-after").orElse(d.maxRetryAfter()),
                node.optionalDecimal("budget-ratio").map(BigDecimal::doubleValue).orElse(d.budgetRatio()),
                node.optionalInt("budget-minimum", 0, 1_000_000).orElse(d.budgetMinimum())));
        node.finish();
        return retries;
    }

    static BreakerSettings breaker(ConfigNode node) {
        BreakerSettings d = BreakerSettings.DEFAULTS;
        BreakerSettings breaker = ConfigLoader.checked(node, () -> new BreakerSettings(
                node.optionalInt("consecutive-failures", 1, 1_000_000).orElse(d.consecutiveFailures()),
                node.optionalInt("failure-rate-percent", 1, 100).orElse(d.failureRatePercent()),
                node.optionalInt("window", 1, 64).orElse(d.window()),
                node.optionalInt("minimum-calls", 1, 64).orElse(d.minimumCalls()),
                node.optionalDuration("open-for").orElse(d.openFor()),
                node.optionalInt("half-open-probes", 1, 1000).orElse(d.halfOpenProbes()),
                node.optionalBoolean("panic").orElse(d.panic())));
        node.finish();
        return breaker;
    }

    /** {@code hedge: { after: 500ms }} or {@code hedge: { after: p95 }}. */
    static Hedging hedging(ConfigNode node) {
        String after = node.optionalString("after").orElseThrow(() -> new ConfigException(
                "%s: required (a duration such as 500ms, or p95)".formatted(node.at("after"))));
        Hedging hedging = after.trim().equalsIgnoreCase("p95") ? Hedging.p95()
                : Hedging.after(node.optionalDuration("after").orElseThrow());
        node.finish();
        return hedging;
    }
}
