package dev.hedge.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A ticker for tests: time stands still until {@link #advance(Duration)} moves it, and tasks that fall due
 * run then, in due order, on the advancing thread. Thread-safe.
 */
public final class ManualTicker implements Ticker {

    private final Instant origin;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long nanos;
    private long sequence;

    public ManualTicker() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualTicker(Instant origin) {
        this.origin = origin;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return origin.plusNanos(nanos);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(nanos + Math.max(0, delay.toNanos()), sequence++, task);
        tasks.add(scheduled);
        return () -> {
            synchronized (ManualTicker.this) {
                tasks.remove(scheduled);
            }
        };
    }

    /** Moves time forward by {@code duration}, running every task that falls due on the way. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: %s (expected: >= 0)".formatted(duration));
        }
        long target;
        synchronized (this) {
            target = nanos + duration.toNanos();
        }
        while (true) {
            Task due;
            synchronized (this) {
                Task head = tasks.peek();
                if (head == null || head.dueNanos > target) {
                    nanos = target;
                    return;
                }
                due = tasks.poll();
                nanos = Math.max(nanos, due.dueNanos);
            }
            due.task.run();
        }
    }

    /** How many tasks wait to fall due. */
    public synchronized int pendingTasks() {
        return tasks.size();
    }

    /** The delays, from now, of the tasks waiting. */
    public synchronized List<Duration> pendingDelays() {
        List<Duration> delays = new ArrayList<>();
        for (Task task : tasks) {
            delays.add(Duration.ofNanos(task.dueNanos - nanos));
        }
        delays.sort(null);
        return delays;
    }

    private record Task(long dueNanos, long sequence, Runnable task) implements Comparable<Task> {
        @Override
        public int compareTo(Task other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
