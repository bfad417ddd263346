package dev.hedge.server;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the memory a burst left behind: once the server is idle, a full collection when the old generation has
 * grown by {@link #GROWTH_BYTES} since the last one.
 *
 * <p>Why: a storm of new connections (thousands of streams opened at once) promotes what each connection holds
 * while it lasts into the old generation, and the serial collector grows the old generation to take it rather than
 * collect it: a full collection comes only when the heap's maximum (a quarter of RAM) is reached. So every storm
 * added 90-150 MB of garbage to the resident size, for good (benchmarks/load/slow-streams.sh with STORMS). Idle
 * means no request in flight and none taken for a whole {@link #PERIOD}: the collection's pause (0.1-0.4 s for a
 * few hundred MB) then delays no answer begun, and a server with steady traffic, however light, is never paused;
 * the launcher's {@code -XX:-ShrinkHeapInSteps} lets the heap shrink to what is live at once, rather than over the
 * next four full collections.
 */
public final class HeapTrim implements AutoCloseable {

    static final long GROWTH_BYTES = 64L << 20;
    static final Duration PERIOD = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

    private final LongSupplier oldGenerationUsed;
    private final IntSupplier inFlight;
    private final LongSupplier started;
    private final Runnable collect;
    private final @Nullable ScheduledExecutorService timer;
    private long baseline;
    private long startedBefore;
    /** Whether nothing was in flight at the last check. */
    private boolean emptyBefore;

    /**
     * @param oldGenerationUsed bytes in use in the old generation now
     * @param inFlight requests being answered now
     * @param started requests taken so far
     * @param collect a full collection
     * @param scheduled whether to check every {@link #PERIOD} (else only when {@link #check()} is called)
     */
    HeapTrim(LongSupplier oldGenerationUsed, IntSupplier inFlight, LongSupplier started, Runnable collect,
            boolean scheduled) {
        this.oldGenerationUsed = oldGenerationUsed;
        this.inFlight = inFlight;
        this.started = started;
        this.collect = collect;
        this.baseline = oldGenerationUsed.getAsLong();
        this.startedBefore = started.getAsLong();
        if (scheduled) {
            this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "hedge-heap-trim");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            this.timer = null;
        }
    }

    /**
     * Starts checking every {@link #PERIOD}, for a server whose requests in flight and taken so far {@code inFlight}
     * and {@code started} count; empty when the collector has no old generation to watch.
     */
    public static Optional<HeapTrim> start(IntSupplier inFlight, LongSupplier started) {
        return oldGeneration().map(pool -> new HeapTrim(() -> pool.getUsage().getUsed(), inFlight, started,
                System::gc, true));
    }

    /** The heap pool of a generational collector's old generation (serial, parallel, G1, generational ZGC). */
    static Optional<MemoryPoolMXBean> oldGeneration() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isValid())
                .filter(pool -> pool.getName().contains("Old") || pool.getName().contains("Tenured"))
                .findFirst();
    }

    /** One check: collects when the server was idle since the last check and the old generation grew enough. */
    void check() {
        try {
            // nothing ran since the last check: nothing was in flight then or now, and nothing started in between
            long startedNow = started.getAsLong();
            boolean emptyNow = inFlight.getAsInt() == 0;
            boolean idle = emptyBefore && emptyNow && startedNow == startedBefore;
            startedBefore = startedNow;
            emptyBefore = emptyNow;
            long used = oldGenerationUsed.getAsLong();
            if (used < baseline) {
                baseline = used; // a collection of the collector's own made it smaller
            }
            if (!idle || used - baseline < GROWTH_BYTES) {
                return;
            }
            long begun = System.nanoTime();
            collect.run();
            long after = oldGenerationUsed.getAsLong();
            LOG.info("heap: the old generation held {} MB after a burst; a full collection left {} MB in {} ms",
                    used >> 20, after >> 20, (System.nanoTime() - begun) / 1_000_000);
            baseline = after;
        } catch (RuntimeException e) {
            LOG.warn("heap: the check after a burst failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
