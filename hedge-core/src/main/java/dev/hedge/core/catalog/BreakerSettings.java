package dev.hedge.core.catalog;

import java.time.Duration;

/**
 * When a deployment's circuit breaker opens and how it recovers (configuration key {@code breaker}).
 *
 * @param consecutiveFailures opens after this many failures in a row
 * @param failureRatePercent opens when at least this share of the last {@code window} calls failed ({@code 1..100})
 * @param window how many recent calls the failure rate looks at ({@code 1..64})
 * @param minimumCalls the failure rate is judged only after this many calls in the window
 * @param openFor how long an open breaker refuses calls before letting probes through
 * @param halfOpenProbes probe calls let through at once when half-open; that many successes close it
 * @param panic whether a request whose every deployment has an open breaker tries the first one anyway
 *     (instead of failing with 503)
 */
public record BreakerSettings(int consecutiveFailures, int failureRatePercent, int window, int minimumCalls,
        Duration openFor, int halfOpenProbes, boolean panic) {

    public static final BreakerSettings DEFAULTS = new BreakerSettings(5, 50, 20, 10, Duration.ofSeconds(30), 1);

    /** Settings with panic routing on. */
    public BreakerSettings(int consecutiveFailures, int failureRatePercent, int window, int minimumCalls,
            Duration openFor, int halfOpenProbes) {
        this(consecutiveFailures, failureRatePercent, window, minimumCalls, openFor, halfOpenProbes, true);
    }

    public BreakerSettings {
        if (consecutiveFailures <= 0) {
            throw new IllegalArgumentException("consecutive-failures: %s (expected: > 0)".formatted(consecutiveFailures));
        }
        if (failureRatePercent < 1 || failureRatePercent > 100) {
            throw new IllegalArgumentException("failure-rate: %s%% (expected: 1%% to 100%%)".formatted(failureRatePercent));
        }
        if (window < 1 || window > 64) {
            throw new IllegalArgumentException("window: %s (expected: 1 to 64)".formatted(window));
        }
        if (minimumCalls < 1 || minimumCalls > window) {
            throw new IllegalArgumentException("minimum-calls: %s (expected: 1 to window %s)".formatted(minimumCalls, window));
        }
        Timeouts.requirePositive("open-for", openFor);
        if (halfOpenProbes <= 0) {
            throw new IllegalArgumentException("half-open-probes: %s (expected: > 0)".formatted(halfOpenProbes));
        }
    }
}
