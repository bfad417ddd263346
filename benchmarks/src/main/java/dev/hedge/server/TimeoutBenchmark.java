package dev.hedge.server;

import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.core.time.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a request's timeout costs on its event loop: started, then cancelled when the answer comes, with
 * {@value #IN_FLIGHT} others pending meanwhile (the closed loop's 64 connections on two loops). Each operation starts
 * one 900 s timeout (the default total) and cancels the one started {@value #IN_FLIGHT} operations before, on the
 * loop; a batch of {@value #BATCH} runs in one task of the loop, so the hop there is spread over the batch.
 * {@code vertxTimer} is a Vert.x timer (what every timeout was before), {@code wheelTimeout} the
 * event loop's {@code TimeoutWheel}.
 */
@State(Scope.Benchmark)
public class TimeoutBenchmark extends HotPathBenchmark {

    private static final int BATCH = 1_000;
    private static final int IN_FLIGHT = 32;
    private static final Duration TOTAL = Duration.ofSeconds(900);
    private static final Runnable NOTHING = () -> {};

    private Vertx vertx;
    private Context loop;
    private VertxTicker ticker;
    private final Cancellable[] pending = new Cancellable[IN_FLIGHT];
    private int next;

    @Setup
    public void setUp() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        loop = vertx.getOrCreateContext();
        ticker = new VertxTicker(vertx);
        for (int i = 0; i < IN_FLIGHT; i++) {
            pending[i] = Cancellable.NONE;
        }
    }

    @TearDown
    public void tearDown() {
        vertx.close().await();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vertxTimer() {
        onLoop(() -> {
            for (int i = 0; i < BATCH; i++) {
                replace(ticker.schedule(TOTAL, NOTHING));
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void wheelTimeout() {
        onLoop(() -> {
            for (int i = 0; i < BATCH; i++) {
                replace(ticker.timeout(TOTAL, NOTHING));
            }
        });
    }

    private void replace(Cancellable started) {
        pending[next].cancel();
        pending[next] = started;
        next = (next + 1) % IN_FLIGHT;
    }

    private void onLoop(Runnable batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.runOnContext(ignored -> {
            batch.run();
            done.complete(null);
        });
        done.join();
    }
}
