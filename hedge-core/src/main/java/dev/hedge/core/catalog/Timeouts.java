package dev.hedge.core.catalog;

import java.time.Duration;
import java.util.Optional;

/**
 * How long one attempt may take.
 *
 * @param firstToken from sending the request to the first content of a streamed answer
 * @param idle the longest gap between two chunks of a streamed answer
 * @param total the whole attempt, streamed or not
 * @param connect how long to wait for a connection to the supplier, on top of (never longer than) the
 *     provider's {@code connect-timeout}; empty: the provider's alone
 */
public record Timeouts(Duration firstToken, Duration idle, Duration total, Optional<Duration> connect) {

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
        connect.ifPresent(value -> requirePositive("connect", value));
    }

    /** Timeouts without a model-level connect timeout. */
    public Timeouts(Duration firstToken, Duration idle, Duration total) {
        this(firstToken, idle, total, Optional.empty());
    }

    static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("%s: %s (expected: > 0)".formatted(name, value));
        }
    }
}
