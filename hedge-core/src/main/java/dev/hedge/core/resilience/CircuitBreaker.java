package dev.hedge.core.resilience;

import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.time.Ticker;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deployment's circuit breaker: closed (calls pass), open (calls refused) after too many failures in a row
 * or too high a failure rate over the recent window, half-open (a few probe calls) after
 * {@link BreakerSettings#openFor()}, closed again when the probes succeed.
 *
 * <p>Permission is separate from outcome: {@link #tryAcquirePermission()} before a call, then exactly one of
 * {@link Permit#onSuccess()}, {@link Permit#onFailure()} or {@link Permit#release()} when the call has really
 * finished (for a stream: when it ended). An outcome from before the last state change is ignored.
 *
 * <p>Lock-free: the state is an immutable value swapped by compare-and-set. Thread-safe.
 */
public final class CircuitBreaker {

    /** The breaker's state. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        /** {@code closed}, {@code open}, {@code half-open}. */
        public String display() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * @param generation incremented on every state change; permits of an older generation report nothing
     * @param outcomes the recent calls, newest in bit 0, a set bit for a failure
     * @param calls how many calls the window holds (up to its size)
     */
    private record Snapshot(State state, long generation, int consecutiveFailures, long outcomes, int calls,
            long openedAtNanos, int probesInFlight, int probeSuccesses) {

        static Snapshot closed(long generation) {
            return new Snapshot(State.CLOSED, generation, 0, 0, 0, 0, 0, 0);
        }
    }

    private final BreakerSettings settings;
    private final Ticker ticker;
    private final long windowMask;
    private final AtomicReference<Snapshot> state = new AtomicReference<>(Snapshot.closed(0));

    private CircuitBreaker(BreakerSettings settings, Ticker ticker) {
        this.settings = settings;
        this.ticker = ticker;
        this.windowMask = settings.window() == 64 ? -1L : (1L << settings.window()) - 1;
    }

    public static CircuitBreaker of(BreakerSettings settings, Ticker ticker) {
        return new CircuitBreaker(settings, ticker);
    }

    public BreakerSettings settings() {
        return settings;
    }

    /** The state now; an open breaker whose wait is over reads as half-open. */
    public State state() {
        Snapshot now = state.get();
        if (now.state() == State.OPEN && waitedOut(now)) {
            return State.HALF_OPEN;
        }
        return now.state();
    }

    /** Whether a call may go to the deployment now; a permit must be answered with an outcome. */
    public Optional<Permit> tryAcquirePermission() {
        while (true) {
            Snapshot now = state.get();
            Snapshot next = switch (now.state()) {
                case CLOSED -> now;
                case OPEN -> waitedOut(now)
                        ? new Snapshot(State.HALF_OPEN, now.generation() + 1, 0, 0, 0, 0, 1, 0)
                        : null;
                case HALF_OPEN -> now.probesInFlight() + now.probeSuccesses() < settings.halfOpenProbes()
                        ? new Snapshot(State.HALF_OPEN, now.generation(), 0, 0, 0, 0, now.probesInFlight() + 1,
                                now.probeSuccesses())
                        : null;
            };
            if (next == null) {
                return Optional.empty();
            }
            if (next == now || state.compareAndSet(now, next)) {
                return Optional.of(new Permit(next.generation()));
            }
        }
    }

    private boolean waitedOut(Snapshot open) {
        return ticker.elapsedNanos(open.openedAtNanos()) >= settings.openFor().toNanos();
    }

    private void record(long generation, Outcome outcome) {
        while (true) {
            Snapshot now = state.get();
            if (now.generation() != generation) {
                return;
            }
            Snapshot next = next(now, outcome);
            if (next == now || state.compareAndSet(now, next)) {
                return;
            }
        }
    }

    private enum Outcome { SUCCESS, FAILURE, NONE }

    /** The state after {@code outcome}; free of side effects so that a lost compare-and-set can retry. */
    private Snapshot next(Snapshot now, Outcome outcome) {
        return switch (now.state()) {
            case OPEN -> now;
            case HALF_OPEN -> switch (outcome) {
                case FAILURE -> open(now);
                case SUCCESS -> now.probeSuccesses() + 1 >= settings.halfOpenProbes()
                        ? Snapshot.closed(now.generation() + 1)
                        : new Snapshot(State.HALF_OPEN, now.generation(), 0, 0, 0, 0, now.probesInFlight() - 1,
                                now.probeSuccesses() + 1);
                case NONE -> new Snapshot(State.HALF_OPEN, now.generation(), 0, 0, 0, 0,
                        Math.max(0, now.probesInFlight() - 1), now.probeSuccesses());
            };
            case CLOSED -> {
                if (outcome == Outcome.NONE) {
                    yield now;
                }
                boolean failed = outcome == Outcome.FAILURE;
                long outcomes = ((now.outcomes() << 1) | (failed ? 1 : 0)) & windowMask;
                int calls = Math.min(settings.window(), now.calls() + 1);
                int consecutive = failed ? now.consecutiveFailures() + 1 : 0;
                int failures = Long.bitCount(outcomes);
                boolean tooMany = consecutive >= settings.consecutiveFailures()
                        || (calls >= settings.minimumCalls() && failures * 100 >= settings.failureRatePercent() * calls);
                yield failed && tooMany ? open(now)
                        : new Snapshot(State.CLOSED, now.generation(), consecutive, outcomes, calls, 0, 0, 0);
            }
        };
    }

    private Snapshot open(Snapshot now) {
        return new Snapshot(State.OPEN, now.generation() + 1, 0, 0, 0, ticker.nanos(), 0, 0);
    }

    /** Leave to make one call; answer it exactly once. */
    public final class Permit {
        private final long generation;
        private final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();

        private Permit(long generation) {
            this.generation = generation;
        }

        /** The deployment did its job. */
        public void onSuccess() {
            answer(Outcome.SUCCESS);
        }

        /** The deployment failed (connection, timeout, 5xx, broken stream). */
        public void onFailure() {
            answer(Outcome.FAILURE);
        }

        /** The call says nothing about the deployment (cancelled, rate limited, the request's own fault). */
        public void release() {
            answer(Outcome.NONE);
        }

        private void answer(Outcome outcome) {
            if (answered.compareAndSet(false, true)) {
                record(generation, outcome);
            }
        }
    }
}
