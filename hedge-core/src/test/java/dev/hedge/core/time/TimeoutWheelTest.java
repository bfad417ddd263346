package dev.hedge.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The wheel on a manual clock: when timeouts fire, that cancelled ones never do, and what an idle wheel costs. */
class TimeoutWheelTest {

    private static final Duration TICK = Duration.ofMillis(10);

    private final ManualTicker clock = new ManualTicker();
    private final TimeoutWheel wheel = new TimeoutWheel(clock, TICK);
    private final List<String> fired = new ArrayList<>();

    @Test
    void firesAtTheFirstTickBoundaryAtOrAfterItsDeadline() {
        clock.advance(Duration.ofMillis(3));
        wheel.start(Duration.ofMillis(20), () -> fired.add("a")); // due at 23 ms

        clock.advance(Duration.ofMillis(26)); // 29 ms: due, but no tick boundary yet
        assertThat(fired).isEmpty();
        clock.advance(Duration.ofMillis(1)); // 30 ms
        assertThat(fired).containsExactly("a");
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void neverFiresEarlyOnABoundary() {
        clock.advance(Duration.ofMillis(10));
        wheel.start(Duration.ofMillis(10), () -> fired.add("a")); // due exactly on the 20 ms boundary

        clock.advance(Duration.ofNanos(TICK.toNanos() - 1));
        assertThat(fired).isEmpty();
        clock.advance(Duration.ofNanos(1));
        assertThat(fired).containsExactly("a");
    }

    @Test
    void aZeroDelayFiresAtTheNextTick() {
        wheel.start(Duration.ZERO, () -> fired.add("now"));
        wheel.start(Duration.ofMillis(-5), () -> fired.add("past"));

        assertThat(fired).isEmpty();
        clock.advance(TICK);
        assertThat(fired).containsExactly("now", "past");
    }

    @Test
    void cancelledTimeoutNeverFiresAndAnEmptyWheelStopsItsTimer() {
        Cancellable timeout = wheel.start(Duration.ofMillis(50), () -> fired.add("a"));
        assertThat(wheel.pending()).isOne();
        assertThat(clock.pendingTasks()).isOne(); // the wheel's own timer

        timeout.cancel();
        timeout.cancel(); // twice does nothing
        assertThat(wheel.pending()).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(fired).isEmpty();
        // the timer armed before the cancel ran once, found nothing and was not armed again
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void cancelAfterItFiredDoesNothing() {
        Cancellable timeout = wheel.start(Duration.ofMillis(5), () -> fired.add("a"));
        clock.advance(TICK);

        timeout.cancel();
        assertThat(fired).containsExactly("a");
        assertThat(wheel.pending()).isZero();
    }

    @Test
    void aTimeoutCancelledByAnotherDueInTheSameTickDoesNotFire() {
        Cancellable[] second = new Cancellable[1];
        wheel.start(Duration.ofMillis(4), () -> {
            fired.add("first");
            second[0].cancel();
        });
        second[0] = wheel.start(Duration.ofMillis(6), () -> fired.add("second"));

        clock.advance(TICK);
        assertThat(fired).containsExactly("first");
    }

    @Test
    void aTimeoutStartedByAFiringOneRunsOnItsOwnTime() {
        wheel.start(Duration.ofMillis(10), () -> {
            fired.add("first at " + clock.nanos() / 1_000_000);
            wheel.start(Duration.ofMillis(25), () -> fired.add("second at " + clock.nanos() / 1_000_000));
        });

        clock.advance(Duration.ofSeconds(1));
        assertThat(fired).containsExactly("first at 10", "second at 40");
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void cancelFromAnotherThreadPreventsTheRunAndTheOwnerDropsIt() throws Exception {
        Cancellable timeout = wheel.start(Duration.ofMillis(30), () -> fired.add("a"));
        Thread other = new Thread(timeout::cancel);
        other.start();
        other.join();

        assertThat(wheel.pending()).isOne(); // only marked: the owner unlinks it when a tick reaches it
        clock.advance(Duration.ofMillis(30));
        assertThat(fired).isEmpty();
        assertThat(wheel.pending()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void onlyTheOwnerStartsTimeouts() throws Exception {
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                wheel.start(Duration.ofMillis(1), () -> {});
                failure.complete(null);
            } catch (RuntimeException e) {
                failure.complete(e);
            }
        });
        other.start();
        other.join();

        assertThat(failure.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheOthers() {
        wheel.start(Duration.ofMillis(1), () -> {
            throw new IllegalStateException("boom");
        });
        wheel.start(Duration.ofMillis(2), () -> fired.add("b"));

        clock.advance(TICK);
        assertThat(fired).containsExactly("b");
        wheel.start(Duration.ofMillis(1), () -> fired.add("c"));
        clock.advance(TICK);
        assertThat(fired).containsExactly("b", "c");
    }

    @Test
    void aLongIdleSpellLosesNoTick() {
        wheel.start(Duration.ofMillis(1), () -> fired.add("a"));
        clock.advance(Duration.ofHours(3)); // the wheel's timer stopped after the first tick
        assertThat(clock.pendingTasks()).isZero();

        wheel.start(Duration.ofMillis(15), () -> fired.add("b"));
        clock.advance(Duration.ofMillis(19));
        assertThat(fired).containsExactly("a");
        clock.advance(Duration.ofMillis(1));
        assertThat(fired).containsExactly("a", "b");
    }

    @Test
    void hugeDelaysDoNotOverflow() {
        wheel.start(Duration.ofDays(365L * 1000), () -> fired.add("never"));
        wheel.start(Duration.ofMillis(5), () -> fired.add("soon"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(fired).containsExactly("soon");
        assertThat(wheel.pending()).isOne();
    }

    /**
     * Ten thousand timeouts over four revolutions of the wheel, started at random times, a third of them cancelled
     * at random times before they are due: each of the others fires once, at the first tick boundary at or after
     * its deadline, and the cancelled never do.
     */
    @Test
    void manyTimeoutsEachFireOnceWithinOneTickOfTheirDeadline() {
        Random random = new Random(7);
        long revolution = TICK.toNanos() * TimeoutWheel.SLOTS;
        Map<Integer, Long> deadlines = new HashMap<>();
        Map<Integer, Long> firedAt = new HashMap<>();
        List<Integer> cancelled = new ArrayList<>();
        List<long[]> cancels = new ArrayList<>(); // {at, id}
        Map<Integer, Cancellable> handles = new HashMap<>();
        for (int id = 0; id < 10_000; id++) {
            clock.advance(Duration.ofNanos(random.nextLong(200_000))); // 0-0.2 ms between starts: 1 s in all
            long delay = random.nextLong(4 * revolution);
            int me = id;
            deadlines.put(id, clock.nanos() + delay);
            handles.put(id, wheel.start(Duration.ofNanos(delay), () -> {
                assertThat(firedAt.put(me, clock.nanos())).isNull();
            }));
            if (random.nextInt(3) == 0) {
                cancels.add(new long[] {clock.nanos() + random.nextLong(Math.max(1, delay)), id});
            }
        }
        cancels.sort((x, y) -> Long.compare(x[0], y[0]));
        for (long[] cancel : cancels) {
            clock.advance(Duration.ofNanos(Math.max(0, cancel[0] - clock.nanos())));
            int id = (int) cancel[1];
            if (!firedAt.containsKey(id)) { // its deadline may share the tick its cancel comes in
                handles.get(id).cancel();
                cancelled.add(id);
            }
        }
        clock.advance(Duration.ofNanos(5 * revolution));

        assertThat(cancelled).hasSizeGreaterThan(3000);
        for (int id : cancelled) {
            assertThat(firedAt).doesNotContainKey(id);
        }
        assertThat(firedAt).hasSize(10_000 - cancelled.size());
        firedAt.forEach((id, at) -> assertThat(at - deadlines.get(id)).as("lateness of %d", id)
                .isBetween(0L, TICK.toNanos()));
        assertThat(wheel.pending()).isZero();
        assertThat(clock.pendingTasks()).isZero();
    }

    /** A clock whose timers run late, as an event loop busy with other work runs them. */
    @Test
    void aLateClockMakesTimeoutsLateByItsLatenessAndNoMoreThanATickBeyond() {
        Duration lag = Duration.ofMillis(35);
        Ticker late = new Ticker() {
            @Override
            public long nanos() {
                return clock.nanos();
            }

            @Override
            public Instant now() {
                return clock.now();
            }

            @Override
            public Cancellable schedule(Duration delay, Runnable task) {
                return clock.schedule(delay.plus(lag), task);
            }
        };
        TimeoutWheel lagging = new TimeoutWheel(late, TICK);
        List<Long> lateness = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms += 7) {
            long due = clock.nanos() + Duration.ofMillis(ms).toNanos();
            lagging.start(Duration.ofMillis(ms), () -> lateness.add(clock.nanos() - due));
        }

        clock.advance(Duration.ofSeconds(1));
        assertThat(lateness).hasSize(15).allSatisfy(
                nanos -> assertThat(nanos).isBetween(0L, TICK.plus(lag).toNanos()));
    }

    @Test
    void rejectsATickThatIsNotPositive() {
        assertThatThrownBy(() -> new TimeoutWheel(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tick: PT0S (expected: > 0)");
    }
}
