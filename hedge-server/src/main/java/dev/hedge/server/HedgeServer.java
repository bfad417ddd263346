package dev.hedge.server;

import dev.hedge.core.auth.Authenticator;
import dev.hedge.core.gateway.Gateway;
import dev.hedge.server.internal.RequestHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The listening gateway: one HTTP server per event loop, sharing the port, each handing requests to the
 * {@link Gateway}. Start with {@link #start()}, stop with {@link #close()}.
 */
public final class HedgeServer implements AutoCloseable {

    private final Vertx vertx;
    private final ServerSettings settings;
    private final RequestHandler handler;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder started = new LongAdder();
    private final List<HttpServer> servers = new ArrayList<>();
    private volatile int port = -1;

    private HedgeServer(Builder builder) {
        this.vertx = builder.vertx;
        this.settings = builder.settings;
        Map<String, RequestHandler.RouteEntry> routes = new LinkedHashMap<>(builder.routes);
        this.handler = new RequestHandler(settings, builder.gateway, builder.authenticator, routes,
                builder.ready, builder.logger, inFlight, started, builder.metrics);
    }

    public static Builder builder(Vertx vertx, ServerSettings settings, Gateway gateway, Authenticator authenticator) {
        return new Builder(vertx, settings, gateway, authenticator);
    }

    /**
     * Binds the port (a free one when the settings say 0) on every event loop.
     *
     * @return the bound port
     */
    public CompletionStage<Integer> start() {
        return start(settings.port() == 0 ? 3 : 1);
    }

    private CompletionStage<Integer> start(int triesLeft) {
        // Vert.x shares a port among servers listening on the same number; "0" would give each its own port,
        // so a free port is chosen first (and chosen again if someone takes it in between)
        int wanted = settings.port() == 0 ? freePort(settings.host()) : settings.port();
        List<Future<HttpServer>> all = new ArrayList<>();
        for (int i = 0; i < settings.effectiveEventLoops(); i++) {
            all.add(listen(((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext(), wanted));
        }
        return Future.all(all).map(done -> {
                    port = wanted;
                    return wanted;
                })
                .toCompletionStage()
                .exceptionallyCompose(error -> {
                    close();
                    if (triesLeft > 1 && settings.port() == 0) {
                        return start(triesLeft - 1);
                    }
                    return java.util.concurrent.CompletableFuture.failedFuture(error);
                });
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /** Requests being answered now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** API requests taken since the start (answered, refused or still running). */
    public long requestsStarted() {
        return started.sum();
    }

    /** The bound port; -1 before {@link #start()} completed. */
    public int port() {
        return port;
    }

    private Future<HttpServer> listen(Context context, int listenPort) {
        Promise<HttpServer> bound = Promise.promise();
        context.runOnContext(ignored -> {
            HttpServerOptions options = new HttpServerOptions()
                    .setHost(settings.host())
                    .setPort(listenPort)
                    .setTcpNoDelay(true)
                    .setReuseAddress(true)
                    .setMaxInitialLineLength(16 * 1024)
                    .setMaxHeaderSize(64 * 1024)
                    .setCompressionSupported(false)
                    .setIdleTimeout(0)
                    // every response is written on its connection's event loop (each request's callbacks run on
                    // its SerialExecutor over the connection's context), so writes skip Vert.x's cross-thread
                    // outbound queue; a write from another thread would throw instead of being queued
                    .setStrictThreadMode(true);
            HttpServer server = vertx.createHttpServer(options).requestHandler(handler);
            synchronized (servers) {
                servers.add(server);
            }
            server.listen().onComplete(bound);
        });
        return bound.future();
    }

    @Override
    public void close() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (servers) {
            for (HttpServer server : servers) {
                closing.add(server.close());
            }
            servers.clear();
        }
        Future.all(closing).toCompletionStage().toCompletableFuture().join();
    }

    /** Assembles a server. */
    public static final class Builder {
        private final Vertx vertx;
        private final ServerSettings settings;
        private final Gateway gateway;
        private final Authenticator authenticator;
        private final Map<String, RequestHandler.RouteEntry> routes = new LinkedHashMap<>();
        private BooleanSupplier ready = () -> true;
        private RequestLogger logger = new RequestLogger();
        private @Nullable PrometheusMeterRegistry metrics;

        private Builder(Vertx vertx, ServerSettings settings, Gateway gateway, Authenticator authenticator) {
            this.vertx = vertx;
            this.settings = settings;
            this.gateway = gateway;
            this.authenticator = authenticator;
        }

        /**
         * Adds a JSON endpoint at {@code path}; a path ending in {@code /*} also serves one more segment, passed
         * to the route as {@code rest}.
         *
         * @param admin whether only the master key may call it
         */
        public Builder route(HttpMethod method, String path, boolean admin, JsonRoute route) {
            if (routes.putIfAbsent(method.name() + " " + path, new RequestHandler.RouteEntry(method, admin, route)) != null) {
                throw new IllegalArgumentException("route %s %s: defined twice".formatted(method, path));
            }
            return this;
        }

        /** What {@code /readyz} asks. */
        public Builder readiness(BooleanSupplier value) {
            this.ready = value;
            return this;
        }

        /** The request log (also register it as a gateway listener so gateway requests are logged). */
        public Builder logger(RequestLogger value) {
            this.logger = value;
            return this;
        }

        /** Serves {@code GET /metrics} (Prometheus text format) from {@code registry}. */
        public Builder metrics(PrometheusMeterRegistry registry) {
            this.metrics = registry;
            return this;
        }

        public HedgeServer build() {
            return new HedgeServer(this);
        }
    }
}
