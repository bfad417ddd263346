package dev.hedge.core.catalog;

import java.time.Duration;
import java.util.Optional;

/**
 * Hedged requests, opt-in per model (configuration key {@code hedge}): when an attempt has produced no first
 * token (a one-piece answer: no answer) after a delay, a second attempt starts on the next deployment; the first
 * to commit wins and the other is cancelled. At most two attempts race.
 *
 * @param after the fixed delay; empty: the first deployment's recent p95 time to first token (no hedge until
 *     it has samples)
 */
public record Hedging(Optional<Duration> after) {

    public Hedging {
        after.ifPresent(delay -> Timeouts.requirePositive("after", delay));
    }

    public static Hedging after(Duration delay) {
        return new Hedging(Optional.of(delay));
    }

    public static Hedging p95() {
        return new Hedging(Optional.empty());
    }
}
