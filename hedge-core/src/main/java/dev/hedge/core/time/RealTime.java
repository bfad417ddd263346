package dev.hedge.core.time;

import java.time.Instant;

/** A {@link Ticker} on the real clock ({@link System#nanoTime()}, {@link Instant#now()}); it says how it schedules. */
public interface RealTime extends Ticker {

    @Override
    default long nanos() {
        return System.nanoTime();
    }

    @Override
    default Instant now() {
        return Instant.now();
    }
}
