package dev.hedge.core.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeouts of one thread that are cheap to start and to cancel, at the price of firing up to one tick late: a hashed
 * wheel of deadline lists (after Varghese and Lauck's timing wheels, as Netty's {@code HashedWheelTimer} and Kafka's
 * purgatory use them), run by one timer of the clock's that the wheel re-arms for itself.
 *
 * <p>Why: every request starts one to three timeouts (an attempt's total, a stream's first token and idle gap) and
 * nearly always cancels them within milliseconds. A Vert.x timer costs a shared atomic counter, a handler object, a
 * put into and a removal from a map shared by every event loop and an insertion into and removal from the loop's
 * scheduled-task heap; {@code VertxImpl.cancelTimer} alone was 1.1 % of the event loops' samples under a closed loop.
 * Here starting a timeout allocates one object and links it into a list, and cancelling it unlinks it: O(1), no lock,
 * no shared state.
 *
 * <p>Granularity: time is cut into ticks of {@code tick} from the wheel's creation. A timeout fires when the wheel
 * runs the first tick boundary at or after its deadline: never early, and at most one tick late on top of however
 * late the clock runs the wheel's own timer (on a busy event loop, as late as the loop's current task takes). While
 * timeouts are pending the wheel's timer runs once a tick; when none is, it is not re-armed, so an idle wheel costs
 * nothing. Each run visits the timeouts whose deadline falls in the current tick's slot, one revolution
 * ({@value #SLOTS} ticks) apart: a timeout longer than a revolution is looked at once per revolution until it fires
 * or is cancelled.
 *
 * <p>Threading: the wheel belongs to the thread that made it (its owner) and its clock must run the wheel's timer on
 * that thread; {@link #start} is called there. A timeout's {@link Cancellable#cancel()} may be called from any thread
 * and prevents the run if it has not started: on the owner it unlinks the timeout at once, from elsewhere it only
 * marks it, and the owner drops it when a tick reaches it. Tasks run on the owner in the order of their ticks, those
 * of one tick in the order they were started; one that throws is logged and does not stop the others.
 */
public final class TimeoutWheel {

    private static final Logger LOG = LoggerFactory.getLogger(TimeoutWheel.class);

    /** Slots in one revolution: a power of two, so that a tick's slot is a mask. */
    static final int SLOTS = 512;
    private static final int MASK = SLOTS - 1;
    /** Longer delays are cut to this (146 years), so that deadlines cannot overflow. */
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int FIRED = 2;

    private final Ticker clock;
    private final long tickNanos;
    private final Thread owner;
    private final long origin;
    /** The first timeout of each slot's doubly linked list. */
    private final @Nullable Timeout[] slots = new Timeout[SLOTS];
    /** Every timeout due at or before this tick has been taken out of the wheel. */
    private long doneTick;
    /** Timeouts linked into the slots (cancelled from another thread but not dropped yet included). */
    private int pending;
    private boolean armed;

    /**
     * A wheel on {@code clock}: it reads the time and schedules its own timer there, which must run on the calling
     * thread (the owner).
     *
     * @param tick the granularity: how late at most a timeout fires, beyond the clock's own lateness
     */
    public TimeoutWheel(Ticker clock, Duration tick) {
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick: %s (expected: > 0)".formatted(tick));
        }
        this.clock = clock;
        this.tickNanos = tick.toNanos();
        this.owner = Thread.currentThread();
        this.origin = clock.nanos();
    }

    /**
     * Runs {@code task} on the owner thread once {@code delay} has passed, at the next tick boundary.
     *
     * @throws IllegalStateException when called from another thread than the owner
     */
    public Cancellable start(Duration delay, Runnable task) {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a timeout wheel is started from its owner thread " + owner.getName());
        }
        long now = clock.nanos() - origin;
        if (pending == 0) {
            doneTick = Math.max(doneTick, Math.floorDiv(now, tickNanos)); // nothing linked: skip the empty ticks
        }
        long due = now + delayNanos(delay);
        Timeout timeout = new Timeout(Math.max(Math.ceilDiv(due, tickNanos), doneTick + 1), task);
        link(timeout);
        if (!armed) {
            arm(now);
        }
        return timeout;
    }

    /** How many timeouts wait in the wheel (those cancelled from another thread may still count). */
    public int pending() {
        return pending;
    }

    private static long delayNanos(Duration delay) {
        if (delay.isNegative()) {
            return 0;
        }
        return delay.getSeconds() >= MAX_DELAY_NANOS / 1_000_000_000L ? MAX_DELAY_NANOS : delay.toNanos();
    }

    private void arm(long now) {
        armed = true;
        long nextBoundary = (Math.floorDiv(now, tickNanos) + 1) * tickNanos;
        clock.schedule(Duration.ofNanos(nextBoundary - now), this::tick);
    }

    private void tick() {
        armed = false;
        long now = clock.nanos() - origin;
        long nowTick = Math.floorDiv(now, tickNanos);
        @Nullable Timeout due = null;
        @Nullable Timeout lastDue = null;
        // the ticks since the last run, each slot at most once: a slot holds every timeout whose tick maps to it
        long last = Math.min(nowTick, doneTick + SLOTS);
        for (long tick = doneTick + 1; tick <= last; tick++) {
            // a slot lists the latest started first: taking each due one to the front of the slot's own chain puts
            // them back in the order they were started
            @Nullable Timeout slotDue = null;
            @Nullable Timeout slotLast = null;
            Timeout timeout = slots[(int) (tick & MASK)];
            while (timeout != null) {
                Timeout next = timeout.next;
                if (timeout.tick <= nowTick || timeout.state() == CANCELLED) {
                    unlink(timeout);
                    if (timeout.state() != CANCELLED) {
                        timeout.next = slotDue;
                        slotDue = timeout;
                        if (slotLast == null) {
                            slotLast = timeout;
                        }
                    }
                }
                timeout = next;
            }
            if (slotDue != null) {
                if (lastDue == null) {
                    due = slotDue;
                } else {
                    lastDue.next = slotDue;
                }
                lastDue = slotLast;
            }
        }
        doneTick = Math.max(doneTick, nowTick);
        while (due != null) {
            Timeout next = due.next;
            due.next = null;
            due.fire();
            due = next;
        }
        if (pending > 0 && !armed) {
            arm(clock.nanos() - origin);
        }
    }

    private void link(Timeout timeout) {
        int slot = (int) (timeout.tick & MASK);
        Timeout head = slots[slot];
        timeout.next = head;
        if (head != null) {
            head.prev = timeout;
        }
        slots[slot] = timeout;
        timeout.linked = true;
        pending++;
    }

    private void unlink(Timeout timeout) {
        if (timeout.prev != null) {
            timeout.prev.next = timeout.next;
        } else {
            slots[(int) (timeout.tick & MASK)] = timeout.next;
        }
        if (timeout.next != null) {
            timeout.next.prev = timeout.prev;
        }
        timeout.prev = null;
        timeout.next = null;
        timeout.linked = false;
        pending--;
    }

    /** One timeout: a node of its slot's list (or, while its tick runs, of the list of those due) and its handle. */
    private final class Timeout implements Cancellable {
        private static final VarHandle STATE;

        static {
            try {
                STATE = MethodHandles.lookup().findVarHandle(Timeout.class, "state", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final long tick;
        private @Nullable Runnable task;
        private @Nullable Timeout prev;
        private @Nullable Timeout next;
        private boolean linked;
        @SuppressWarnings("unused") // through STATE
        private volatile int state;

        Timeout(long tick, Runnable task) {
            this.tick = tick;
            this.task = task;
        }

        int state() {
            return state;
        }

        @Override
        public void cancel() {
            if (Thread.currentThread() != owner) {
                // the owner may be firing it now: whichever changes the state first wins
                STATE.compareAndSet(this, PENDING, CANCELLED);
                return;
            }
            if (state != PENDING) {
                return;
            }
            // on the owner nothing else fires it; a concurrent cancel elsewhere writes the same state
            STATE.setRelease(this, CANCELLED);
            task = null;
            if (linked) {
                unlink(this);
            }
        }

        void fire() {
            Runnable run = task;
            task = null;
            if (run == null || !STATE.compareAndSet(this, PENDING, FIRED)) {
                return;
            }
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a timeout's task failed", e);
            }
        }
    }
}
