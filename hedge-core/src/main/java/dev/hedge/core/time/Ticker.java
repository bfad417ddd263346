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
     * Runs {@code task} once after {@code delay}, as close to it as the implementation can (Vert.x timers: to the
     * millisecond). For delays that are meant to run, such as a hedge's or a retry's backoff.
     *
     * @return a handle that prevents the run if it has not started yet
     */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs {@code task} once after {@code delay} or a little later, never earlier: for timeouts, which are nearly
     * always cancelled long before they are due, so that starting and cancelling them may cost less than a precise
     * {@link #schedule}. How much later an implementation says (the server's ticker: at most 10 ms, see
     * {@link TimeoutWheel}); this default is {@link #schedule}, exact.
     *
     * @return a handle that prevents the run if it has not started yet
     */
    default Cancellable timeout(Duration delay, Runnable task) {
        return schedule(delay, task);
    }

    /** Nanoseconds elapsed since {@code startNanos} (a previous {@link #nanos()} reading). */
    default long elapsedNanos(long startNanos) {
        return nanos() - startNanos;
    }
}
