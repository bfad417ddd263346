package dev.hedge.core.catalog;

import java.time.Duration;

/**
 * How a model retries failed attempts (configuration key {@code retries}). Failing over to a deployment not
 * yet tried is free; a retry is an attempt beyond one per deployment, and waits an exponential backoff with
 * jitter (or the supplier's {@code Retry-After}, when longer).
 *
 * @param max retries per request beyond one attempt per deployment ({@code >= 0}; 0 = failover only)
 * @param initialBackoff the wait before the first retry, before jitter
 * @param maxBackoff the longest backoff
 * @param maxRetryAfter a deployment asking to be left alone longer than this is not retried in this request
 * @param budgetRatio retries the model may add per request, on average, across all requests ({@code 0..1}):
 *     the retry budget that keeps retries from multiplying load in an outage
 * @param budgetMinimum retries always available in the budget, e.g. for a model with little traffic
 */
public record Retries(int max, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
        double budgetRatio, int budgetMinimum) {

    public static final Retries DEFAULTS = new Retries(0, Duration.ofMillis(100), Duration.ofSeconds(5),
            Duration.ofSeconds(10), 0.2, 10);

    public Retries {
        if (max < 0) {
            throw new IllegalArgumentException("max: %s (expected: >= 0)".formatted(max));
        }
        Timeouts.requirePositive("initial-backoff", initialBackoff);
        Timeouts.requirePositive("max-backoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("max-backoff: %s (expected: >= initial-backoff %s)"
                    .formatted(maxBackoff, initialBackoff));
        }
        if (maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("max-retry-after: %s (expected: >= 0)".formatted(maxRetryAfter));
        }
        if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
            throw new IllegalArgumentException("budget-ratio: %s (expected: 0 to 1)".formatted(budgetRatio));
        }
        if (budgetMinimum < 0) {
            throw new IllegalArgumentException("budget-minimum: %s (expected: >= 0)".formatted(budgetMinimum));
        }
    }
}
