package dev.hedge.server;

import dev.hedge.core.time.Cancellable;
import dev.hedge.core.time.RealTime;
import dev.hedge.core.time.TimeoutWheel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The real clock. {@link #schedule} runs on a Vert.x timer (millisecond resolution, at least 1 ms).
 * {@link #timeout} started on an event loop goes into that loop's {@link TimeoutWheel} and fires up to
 * {@link #TIMEOUT_GRANULARITY} late (plus however long the loop is busy), on the loop but outside any Vert.x context
 * (a task that needs its context hands itself to it, as the gateway's request executors do); started on any other
 * thread it is a Vert.x timer as {@link #schedule} is.
 */
public final class VertxTicker implements RealTime {

    /** How late at most a {@link #timeout} fires, beyond the event loop's own lateness. */
    public static final Duration TIMEOUT_GRANULARITY = Duration.ofMillis(10);

    private final Vertx vertx;
    /** Each event loop's wheel, made by the first timeout started there; {@code null} on other threads. */
    private final ThreadLocal<@Nullable TimeoutWheel> wheels = new ThreadLocal<>();

    public VertxTicker(Vertx vertx) {
        this.vertx = vertx;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    @Override
    public Cancellable timeout(Duration delay, Runnable task) {
        TimeoutWheel wheel = wheels.get();
        if (wheel == null) {
            wheel = newWheel();
            if (wheel == null) {
                return schedule(delay, task);
            }
        }
        return wheel.start(delay, task);
    }

    /** A wheel for the calling thread when it is an event loop (of any Vert.x instance), else null. */
    private @Nullable TimeoutWheel newWheel() {
        if (!(Vertx.currentContext() instanceof ContextInternal context) || !context.isEventLoopContext()
                || !context.nettyEventLoop().inEventLoop()) {
            return null;
        }
        TimeoutWheel wheel = new TimeoutWheel(new LoopClock(context.nettyEventLoop()), TIMEOUT_GRANULARITY);
        wheels.set(wheel);
        return wheel;
    }

    /**
     * The wheel's own clock: its timer is a task of the Netty event loop itself, not a Vert.x timer, so it belongs
     * to no context whose closing would cancel it.
     */
    private record LoopClock(EventLoop loop) implements RealTime {

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            try {
                ScheduledFuture<?> future = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException e) {
                return Cancellable.NONE; // the loop is shutting down with its Vert.x: nothing runs there any more
            }
        }
    }
}
