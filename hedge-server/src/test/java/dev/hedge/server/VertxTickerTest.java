package dev.hedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.time.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeouts on a real Vert.x: on an event loop through its wheel, elsewhere as Vert.x timers. */
class VertxTickerTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final VertxTicker ticker = new VertxTicker(vertx);

    @AfterEach
    void close() {
        vertx.close().await();
    }

    /** Fire time, thread and Vert.x context of a timeout started on the event loop. */
    private record Fired(long nanos, Thread thread, boolean inContext) {}

    @Test
    void aTimeoutStartedOnAnEventLoopFiresNotEarlyOnThatLoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Thread> loop = new CompletableFuture<>();
        CompletableFuture<Long> started = new CompletableFuture<>();
        CompletableFuture<Fired> fired = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            loop.complete(Thread.currentThread());
            started.complete(System.nanoTime());
            ticker.timeout(Duration.ofMillis(30), () -> fired.complete(
                    new Fired(System.nanoTime(), Thread.currentThread(), Vertx.currentContext() != null)));
        });

        Fired result = fired.get(10, TimeUnit.SECONDS);
        assertThat(result.thread()).isSameAs(loop.get());
        assertThat(result.inContext()).as("run by the loop's wheel, not a Vert.x timer").isFalse();
        assertThat(result.nanos() - started.get()).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    }

    @Test
    void aTimeoutCancelledOnTheLoopNeverFires() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<String> fired = new ArrayList<>(); // touched on the loop only
        CompletableFuture<List<String>> later = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            Cancellable early = ticker.timeout(Duration.ofMillis(5), () -> fired.add("cancelled"));
            ticker.timeout(Duration.ofMillis(60), () -> later.complete(List.copyOf(fired)));
            early.cancel();
        });

        assertThat(later.get(10, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void aTimeoutCancelledFromAnotherThreadNeverFires() throws Exception {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Cancellable> handle = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        context.runOnContext(ignored -> handle.complete(ticker.timeout(Duration.ofMillis(50), runs::incrementAndGet)));
        handle.get(10, TimeUnit.SECONDS).cancel(); // from the test's thread

        CompletableFuture<Void> after = new CompletableFuture<>();
        context.runOnContext(ignored -> ticker.timeout(Duration.ofMillis(100), () -> after.complete(null)));
        after.get(10, TimeUnit.SECONDS);
        assertThat(runs).hasValue(0);
    }

    @Test
    void aTimeoutStartedOffTheLoopsFiresAsAVertxTimer() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<Long> fired = new CompletableFuture<>();
        ticker.timeout(Duration.ofMillis(20), () -> fired.complete(
                Vertx.currentContext() != null ? System.nanoTime() : -2L)); // a Vert.x timer runs on a context

        assertThat(fired.get(10, TimeUnit.SECONDS) - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        Cancellable cancelled = ticker.timeout(Duration.ofMillis(20), () -> fired.obtrudeValue(-1L));
        cancelled.cancel();
        CompletableFuture<Void> after = new CompletableFuture<>();
        ticker.timeout(Duration.ofMillis(60), () -> after.complete(null));
        after.get(10, TimeUnit.SECONDS);
        assertThat(fired.get()).isNotEqualTo(-1L);
    }

    /** Many timeouts on one loop, half of them cancelled: each of the others fires once and not early. */
    @Test
    void manyTimeoutsOnALoop() throws Exception {
        Context context = vertx.getOrCreateContext();
        Random random = new Random(11);
        ConcurrentHashMap<Integer, Long> early = new ConcurrentHashMap<>();
        ConcurrentHashMap<Integer, Integer> runs = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(1000);
        context.runOnContext(ignored -> {
            List<Cancellable> cancel = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int id = i;
                long delayNanos = Duration.ofMillis(1 + random.nextInt(150)).toNanos();
                long start = System.nanoTime();
                Cancellable timeout = ticker.timeout(Duration.ofNanos(delayNanos), () -> {
                    long waited = System.nanoTime() - start;
                    if (waited < delayNanos) {
                        early.put(id, waited);
                    }
                    runs.merge(id, 1, Integer::sum);
                    if (id % 2 == 0) {
                        done.countDown();
                    }
                });
                if (id % 2 == 1) {
                    cancel.add(timeout);
                }
            }
            cancel.forEach(Cancellable::cancel);
        });

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> after = new CompletableFuture<>();
        context.runOnContext(ignored -> ticker.timeout(Duration.ofMillis(50), () -> after.complete(null)));
        after.get(10, TimeUnit.SECONDS);
        assertThat(early).isEmpty();
        assertThat(runs).hasSize(1000).allSatisfy((id, count) -> {
            assertThat(id % 2).isZero();
            assertThat(count).isOne();
        });
    }
}
