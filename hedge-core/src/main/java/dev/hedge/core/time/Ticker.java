package dev.hedge.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The source of time for everything in Hedge that waits or measures: a monotonic reading in nanoseconds, the
 * wall-clock instant, and delayed tasks. Tests inject a fake whose time only moves when they advance it.
 *
 * <p>Implementations are thread-safe. Scheduled tasks run on a thread of the ticker's choosing; a task that
 * touches request state hands itself to that request's executor.
 */
public interface Ticker {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanos();

    /** The wall-clock time. */
    Instant now();

    /**
     * Runs {@code task} once after {@code delay}.
     *
     * @return a handle that prevents the run if it has not started yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** Nanoseconds elapsed since {@code startNanos} (a previous {@link #nanos()} reading). */
    default long elapsedNanos(long startNanos) {
        return nanos() - startNanos;
    }
}
