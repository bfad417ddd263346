package dev.hedge.server;

import dev.hedge.core.time.Cancellable;
import dev.hedge.core.time.Ticker;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;

/** The real clock, with delays on Vert.x timers (millisecond resolution, at least 1 ms). */
public record VertxTicker(Vertx vertx) implements Ticker {

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
