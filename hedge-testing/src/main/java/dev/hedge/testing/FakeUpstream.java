package dev.hedge.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port that answers each request with the next queued
 * {@link Script} (or the fallback). It records every request, and tells when a client closed its
 * connection, so tests can prove that Hedge relayed a chunk before the next was sent, or hung up on the
 * upstream when its client left.
 */
public final class FakeUpstream implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final Deque<Script> scripts = new ConcurrentLinkedDeque<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger activeExchanges = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger openConnections = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<HttpConnection, CompletableFuture<Void>> connections = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Function<RecordedRequest, Script> fallback =
            request -> Script.error(500, "server_error", "no script queued for " + request.uri());

    private FakeUpstream(Vertx vertx, HttpServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    /** Starts a fake upstream on its own event loop. */
    public static FakeUpstream start() {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setTcpNoDelay(true));
        FakeUpstream upstream = new FakeUpstream(vertx, server);
        server.requestHandler(upstream::handle);
        server.connectionHandler(connection -> {
            upstream.openConnections.incrementAndGet();
            CompletableFuture<Void> closed = new CompletableFuture<>();
            upstream.connections.put(connection, closed);
            connection.closeHandler(ignored -> {
                upstream.openConnections.decrementAndGet();
                upstream.connections.remove(connection);
                closed.complete(null);
            });
        });
        join(server.listen());
        return upstream;
    }

    public int port() {
        return server.actualPort();
    }

    /** {@code http://127.0.0.1:PORT/v1}, the base URL an OpenAI-dialect provider is configured with. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Queues scripts for the next requests, in order. */
    public FakeUpstream enqueue(Script... next) {
        for (Script script : next) {
            scripts.addLast(script);
        }
        return this;
    }

    /** What to answer when no script is queued. */
    public FakeUpstream fallback(Function<RecordedRequest, Script> answer) {
        this.fallback = answer;
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) {
            throw new AssertionError("the fake upstream received no request");
        }
        return requests.getLast();
    }

    /** Queued scripts no request has used yet. */
    public int pendingScripts() {
        return scripts.size();
    }

    /** Fails when a queued script was never used: the test expected a request that did not come. */
    public void assertAllConsumed() {
        if (!scripts.isEmpty()) {
            throw new AssertionError("%d scripted answers were never requested".formatted(scripts.size()));
        }
    }

    /** Forgets recorded requests and queued scripts. */
    public void reset() {
        scripts.clear();
        requests.clear();
    }

    /**
     * Requests being answered now: received, and neither answered to the end nor cut off by a closed
     * connection. A test that sees this return to 0 knows no upstream call was left hanging.
     */
    public int activeExchanges() {
        return activeExchanges.get();
    }

    /** TCP connections open now (idle keep-alive connections included). */
    public int openConnections() {
        return openConnections.get();
    }

    private void handle(HttpServerRequest request) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        HttpConnection connection = request.connection();
        activeExchanges.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable finished = () -> {
            if (over.compareAndSet(false, true)) {
                activeExchanges.decrementAndGet();
            }
        };
        request.response().endHandler(ignored -> finished.run());
        request.response().closeHandler(ignored -> finished.run());
        connections.getOrDefault(connection, closed).whenComplete((ignored, error) -> {
            finished.run();
            closed.complete(null);
        });
        request.body().onComplete(body -> {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            RecordedRequest recorded = new RecordedRequest(request.method().name(), request.uri(), headers,
                    body.succeeded() ? body.result().getBytes() : new byte[0], closed);
            requests.add(recorded);
            Script script = scripts.pollFirst();
            if (script == null) {
                script = fallback.apply(recorded);
            }
            run(request.response(), connection, script.steps().iterator());
        });
    }

    private void run(HttpServerResponse response, HttpConnection connection, Iterator<Script.Step> steps) {
        while (steps.hasNext()) {
            Script.Step step = steps.next();
            switch (step) {
                case Script.Head head -> {
                    response.setStatusCode(head.status());
                    head.headers().forEach(response::putHeader);
                    if (!head.headers().containsKey("content-length")) {
                        response.setChunked(true);
                    }
                }
                case Script.Write write -> {
                    if (response.closed()) {
                        return;
                    }
                    response.write(Buffer.buffer(write.bytes()));
                }
                case Script.Delay delay -> {
                    vertx.setTimer(Math.max(1, delay.delay().toMillis()), id -> run(response, connection, steps));
                    return;
                }
                case Script.Await await -> {
                    await.signal().whenComplete((value, error) ->
                            vertx.runOnContext(ignored -> run(response, connection, steps)));
                    return;
                }
                case Script.End end -> {
                    if (!response.closed()) {
                        response.end();
                    }
                    return;
                }
                case Script.Reset reset -> {
                    connection.close();
                    return;
                }
                case Script.Hang hang -> {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        join(server.close());
        join(vertx.close());
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake upstream: " + e.getMessage(), e);
        }
    }

    /** Requests whose connection is still open. */
    public List<RecordedRequest> openRequests() {
        List<RecordedRequest> open = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (!request.connectionClosed().isDone()) {
                open.add(request);
            }
        }
        return open;
    }
}
