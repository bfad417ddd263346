package dev.hedge.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The connection pools of one supplier on a Vert.x with two event loops. */
class UpstreamHttpTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final FakeUpstream upstream = FakeUpstream.start();

    @AfterEach
    void close() throws Exception {
        upstream.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswersBufferIsSizedByItsDeclaredLengthWithinBounds() {
        assertThat(UpstreamHttp.initialCapacity("600", 10_000)).isEqualTo(600);
        assertThat(UpstreamHttp.initialCapacity(" 600 ", 10_000)).isEqualTo(600);
        assertThat(UpstreamHttp.initialCapacity("600", 100)).as("the cap").isEqualTo(100);
        assertThat(UpstreamHttp.initialCapacity("50000000", 64 << 20)).as("a claim past a megabyte").isEqualTo(1 << 20);
        assertThat(UpstreamHttp.initialCapacity(null, 10_000)).as("no length").isEqualTo(1024);
        assertThat(UpstreamHttp.initialCapacity(null, 100)).isEqualTo(100);
        assertThat(UpstreamHttp.initialCapacity("twelve", 10_000)).as("malformed").isEqualTo(1024);
        assertThat(UpstreamHttp.initialCapacity("-5", 10_000)).isZero();
    }

    @Test
    void eachEventLoopSendsOnItsOwnConnections() throws Exception {
        UpstreamHttp http = new UpstreamHttp(vertx, spec(64));
        upstream.fallback(request -> Script.ok(OpenAiFixtures.completion("m", "hi", 1, 1)));
        List<Context> loops = twoEventLoops();
        // three at once from the first loop, then three at once from the second: a pool shared by the loops
        // hands the second loop's requests the first loop's idle connections (and every answer hops threads)
        List<String> first = sendAtOnce(http, loops.get(0), 3);
        assertThat(upstream.openConnections()).isEqualTo(3);
        List<String> second = sendAtOnce(http, loops.get(1), 3);

        assertThat(upstream.openConnections()).isEqualTo(6);
        assertThat(first).containsOnly(threadOf(loops.get(0)));
        assertThat(second).containsOnly(threadOf(loops.get(1)));
        http.close();
    }

    /** Sends {@code count} requests at once from {@code loop}; the threads their answers were read on. */
    private static List<String> sendAtOnce(UpstreamHttp http, Context loop, int count) throws Exception {
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(new CompletableFuture<>());
        }
        loop.runOnContext(ignored -> {
            for (CompletableFuture<String> answer : answers) {
                http.post("/chat/completions", http.jsonHeaders(false, headers -> { }), Buffer.buffer("{}"),
                                Cancellation.create())
                        .thenCompose(exchange -> http.readBody(exchange, 1 << 20, body -> Thread.currentThread().getName()))
                        .whenComplete((thread, error) -> {
                            if (error != null) {
                                answer.completeExceptionally(error);
                            } else {
                                answer.complete(thread);
                            }
                        });
            }
        });
        List<String> threads = new ArrayList<>();
        for (CompletableFuture<String> answer : answers) {
            threads.add(answer.get(10, TimeUnit.SECONDS));
        }
        return threads;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 1})
    void theEventLoopsTogetherOpenAtMostTheProvidersMaxConnections(int max) throws Exception {
        UpstreamHttp http = new UpstreamHttp(vertx, spec(max));
        CompletableFuture<Void> release = new CompletableFuture<>();
        upstream.fallback(request -> Script.status(200).header("content-type", "application/json").await(release)
                .json(OpenAiFixtures.completion("m", "hi", 1, 1)));
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (Context loop : twoEventLoops()) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Integer> answer = new CompletableFuture<>();
                answers.add(answer);
                loop.runOnContext(ignored -> http.post("/chat/completions", http.jsonHeaders(false, headers -> { }),
                                Buffer.buffer("{}"), Cancellation.create())
                        .thenCompose(exchange -> http.readBody(exchange, 1 << 20, Buffer::length))
                        .whenComplete((length, error) -> {
                            if (error != null) {
                                answer.completeExceptionally(error);
                            } else {
                                answer.complete(length);
                            }
                        }));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (upstream.activeExchanges() < max && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        Thread.sleep(200); // time for a pool that ignored the limit to open more
        assertThat(upstream.openConnections()).isEqualTo(max);
        assertThat(upstream.activeExchanges()).isEqualTo(max);

        release.complete(null);
        for (CompletableFuture<Integer> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isPositive();
        }
        assertThat(upstream.openConnections()).isEqualTo(max);
        http.close();
    }

    /** Contexts on the two different event loops. */
    private List<Context> twoEventLoops() {
        VertxInternal internal = (VertxInternal) vertx;
        Context first = internal.createEventLoopContext();
        Context second = internal.createEventLoopContext();
        while (threadOf(second).equals(threadOf(first))) {
            second = internal.createEventLoopContext();
        }
        return List.of(first, second);
    }

    private static String threadOf(Context context) {
        CompletableFuture<String> name = new CompletableFuture<>();
        context.runOnContext(ignored -> name.complete(Thread.currentThread().getName()));
        return name.join();
    }

    private ProviderSpec spec(int maxConnections) {
        return new ProviderSpec("up", Dialect.OPENAI, URI.create(upstream.baseUrl()), Optional.empty(), Map.of(),
                Optional.empty(), Duration.ofSeconds(5), maxConnections, true, false, false);
    }
}
