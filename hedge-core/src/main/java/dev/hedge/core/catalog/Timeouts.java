package dev.hedge.core.catalog;

import java.time.Duration;

/**
 * How long one attempt may take.
 *
 * @param firstToken from sending the request to the first content of a streamed answer
 * @param idle the longest gap between two chunks of a streamed answer
 * @param total the whole attempt, streamed or not
 */
public record Timeouts(Duration firstToken, Duration idle, Duration total) {

    /**
     * Generous defaults: reasoning models may think for minutes before the first token; configure tighter
     * values per model where fast failover matters more.
     */
    public static final Timeouts DEFAULTS =
            new Timeouts(Duration.ofSeconds(300), Duration.ofSeconds(120), Duration.ofSeconds(900));

    public Timeouts {
        requirePositive("first-token", firstToken);
        requirePositive("idle", idle);
        requirePositive("total", total);
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("%s: %s (expected: > 0)".formatted(name, value));
        }
    }
}
