package dev.hedge.core.resilience;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal" jitter: the n-th retry waits between half and all of
 * {@code min(max, initial * 2^(n-1))}, so that clients that failed together do not retry together.
 *
 * @param initial the first retry's backoff before jitter
 * @param max the longest backoff
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial: %s (expected: > 0)".formatted(initial));
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max: %s (expected: >= initial %s)".formatted(max, initial));
        }
    }

    /**
     * The wait before retry number {@code retry} (1 for the first).
     *
     * @param retryAfter what the supplier asked for; the wait is never shorter
     */
    public Duration delay(int retry, Duration retryAfter, RandomGenerator random) {
        if (retry <= 0) {
            throw new IllegalArgumentException("retry: %s (expected: > 0)".formatted(retry));
        }
        long cap = max.toNanos();
        long base = initial.toNanos();
        long exponential = retry > 62 || base > (cap >> Math.min(62, retry - 1)) ? cap : Math.min(cap, base << (retry - 1));
        long half = exponential / 2;
        long jittered = half + (long) (random.nextDouble() * (exponential - half));
        return Duration.ofNanos(Math.max(jittered, retryAfter.toNanos()));
    }
}
