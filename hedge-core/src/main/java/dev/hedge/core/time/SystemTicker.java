package dev.hedge.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real clock, with delays on one daemon scheduler thread. Servers with an event loop supply their own
 * ticker that schedules on it; this one serves embedded use and tools.
 */
public final class SystemTicker implements RealTime {

    private static final SystemTicker INSTANCE = new SystemTicker();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hedge-ticker");
        thread.setDaemon(true);
        return thread;
    });

    private SystemTicker() {}

    public static Ticker instance() {
        return INSTANCE;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
