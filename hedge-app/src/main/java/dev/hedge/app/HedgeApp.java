package dev.hedge.app;

import dev.hedge.app.admin.AdminApi;
import dev.hedge.app.admin.KeyAdmin;
import dev.hedge.app.config.ConfigException;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.app.router.RouterWiring;
import dev.hedge.app.router.ShadowComparisons;
import dev.hedge.core.auth.Authenticator;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.metering.Prices;
import dev.hedge.local.LocalProvider;
import dev.hedge.local.chat.GgufModels;
import java.nio.file.Files;
import java.util.Optional;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.math.BigDecimal;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.gateway.Gateway;
import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.tokens.TokenCounter;
import dev.hedge.app.providers.DriftReporting;
import dev.hedge.app.providers.Providers;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftRegistry;
import dev.hedge.providers.drift.DriftSnapshot;
import dev.hedge.core.resilience.DeploymentStats;
import dev.hedge.server.JsonRoute;
import dev.hedge.server.admin.DeploymentsRoute;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.hedge.server.HedgeServer;
import dev.hedge.server.RequestLogger;
import dev.hedge.server.metrics.GenAiMetrics;
import dev.hedge.server.metrics.LedgerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.hedge.server.VertxTicker;
import dev.hedge.store.Store;
import dev.hedge.store.StoreLocation;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A running Hedge: store, providers, local models, gateway and server, built from a configuration. Closing
 * it stops the listener first, then the rest.
 */
public final class HedgeApp implements AutoCloseable {

    /** llama.cpp context size for local models: prompt and output together. */
    private static final int LOCAL_CONTEXT_TOKENS = 2048;

    private final HedgeConfig config;
    private final Store store;
    private final Vertx vertx;
    private final List<Provider> providers;
    private final Gateway gateway;
    private final HedgeServer server;
    private final ExecutorService blocking;
    private final List<AutoCloseable> closeables;
    private final DriftRegistry drift;
    private final RouterWiring router;

    private HedgeApp(HedgeConfig config, Store store, Vertx vertx, List<Provider> providers, Gateway gateway,
            HedgeServer server, ExecutorService blocking, List<AutoCloseable> closeables, DriftRegistry drift,
            RouterWiring router) {
        this.drift = drift;
        this.router = router;
        this.config = config;
        this.store = store;
        this.vertx = vertx;
        this.providers = providers;
        this.gateway = gateway;
        this.server = server;
        this.blocking = blocking;
        this.closeables = List.copyOf(closeables);
    }

    /**
     * Builds and starts everything; returns once the port is bound.
     *
     * @throws ConfigException when the configuration cannot be served (e.g. a dialect this build lacks)
     */
    public static HedgeApp start(HedgeConfig config, Path dataDir) {
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        TokenCounter tokens = new TokenCounter(blocking);
        // the longest part of a start, so it begins first and runs beside the rest
        CompletableFuture<Void> warm = tokens.warmUp(config.models().stream().map(ModelSpec::name).toList(), blocking);
        // loading the native transport (Netty's library, unpacked to a temporary file) also runs beside the store
        blocking.execute(Transport::nativeTransport);
        Store store;
        try {
            store = Store.open(storeLocation(config, dataDir));
        } catch (RuntimeException e) {
            blocking.shutdownNow();
            throw e;
        }
        // Vert.x sets every callback's thread context class loader to its context's and back (two writes per
        // dispatch, 0.6 % of the event loops' samples under wrk) for deployments with class loaders of their own.
        // Hedge has one class path and deploys nothing: every context's loader is the one its threads inherit.
        // Netty's native epoll transport where it loads (Linux on x86-64 and ARM64), Java NIO elsewhere: at 1000
        // requests a second the event loops spent 5 % less CPU per request on it (docs/architecture.md, I/O).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.server().effectiveEventLoops())
                .setDisableTCCL(true).setPreferNativeTransport(true));
        List<Provider> providers = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VertxTicker ticker = new VertxTicker(vertx);
        DriftRegistry drift = new DriftRegistry(ticker).listener(new DriftReporting(metrics));
        try {
            for (ProviderSpec spec : config.providers()) {
                providers.add(Providers.create(vertx, spec, drift, ticker));
            }
            LocalProvider local = LocalProvider.create(ggufModels(config.local()), config.local().maxConcurrent());
            providers.add(local);
            List<ModelSpec> models = new ArrayList<>(config.models());
            models.addAll(localModels(config.local(), local));
            Catalog catalog = Catalog.of(config.providers(), providers, models);
            RequestLogger requestLogger = new RequestLogger();
            Budgets budgets = Budgets.start(config.sharedState(), store, vertx, ticker, blocking, metrics);
            closeables.add(budgets);
            RouterWiring router = RouterWiring.create(config.routers(), ticker);
            closeables.add(router);
            ShadowComparisons shadows = router.shadows(config.routers(), store.ledger(), ticker, blocking, metrics,
                    requestLogger, () -> java.util.concurrent.ThreadLocalRandom.current().nextLong());
            Gateway gateway = Gateway.builder(catalog, ticker)
                    .listener(GatewayListener.all(List.of(requestLogger, new GenAiMetrics(metrics),
                            new LedgerMetrics(metrics))))
                    .admission(budgets.admission())
                    .tokens(tokens)
                    .recorder(store.ledger())
                    .promptRouting(router.promptRouting())
                    .answers(shadows.answers())
                    .build();
            shadows.start(gateway);
            Authenticator authenticator = new Authenticator(config.masterKey(), store.keys(), blocking);
            HedgeServer.Builder serverBuilder = router.routes(HedgeServer.builder(vertx, config.server(), gateway, authenticator))
                    .logger(requestLogger)
                    .metrics(metrics)
                    .readiness(store::healthy)
                    .route(HttpMethod.GET, "/admin/deployments", true,
                            new DeploymentsRoute(gateway, List.of(driftSection(drift))))
                    .route(HttpMethod.GET, "/admin/drift", true, (caller, rest, body) -> CompletableFuture.completedFuture(
                            JsonRoute.JsonReply.ok(Map.of("schema", DriftGuard.schemaSource(),
                                    "entries", drift.snapshot().entries()))));
            new AdminApi(new KeyAdmin(store, java.time.Clock.systemUTC()), authenticator, budgets.limits(), blocking)
                    .register(serverBuilder);
            HedgeServer server = serverBuilder.build();
            warm.join();
            server.start().toCompletableFuture().join();
            return new HedgeApp(config, store, vertx, providers, gateway, server, blocking, closeables, drift, router);
        } catch (RuntimeException e) {
            closeables.forEach(AutoCloseables::closeQuietly);
            providers.forEach(Provider::close);
            vertx.close();
            store.close();
            blocking.shutdownNow();
            throw e;
        }
    }

    /** The {@code drift} object of each deployment in {@code GET /admin/deployments}: counts per kind of drift. */
    private static DeploymentsRoute.Section driftSection(DriftRegistry drift) {
        return new DeploymentsRoute.Section() {
            @Override
            public String key() {
                return "drift";
            }

            @Override
            public Object describe(DeploymentStats deployment) {
                DriftSnapshot seen = drift.snapshot().deployment(deployment.provider(), deployment.model());
                Map<String, Long> byKind = new java.util.TreeMap<>();
                for (DriftKind kind : DriftKind.values()) {
                    if (seen.count(kind) > 0) {
                        byKind.put(kind.label(), seen.count(kind));
                    }
                }
                return Map.of("total", seen.total(), "by_kind", byKind, "entries", seen.entries());
            }
        };
    }

    /** The public models of the in-process provider: {@code local/<name>}, free of charge. */
    private static List<ModelSpec> localModels(HedgeConfig.LocalConfig config, LocalProvider local) {
        List<ModelSpec> models = new ArrayList<>();
        Prices free = Prices.of(BigDecimal.ZERO, BigDecimal.ZERO);
        for (String name : local.chatModelNames()) {
            models.add(ModelSpec.of(LocalProvider.NAME + "/" + name, DeploymentSpec.of(LocalProvider.NAME, name, free)));
        }
        if (config.embeddings()) {
            models.add(ModelSpec.of(LocalProvider.NAME + "/" + MiniLmEmbedder.NAME,
                    DeploymentSpec.of(LocalProvider.NAME, MiniLmEmbedder.NAME, free)));
        }
        return models;
    }

    /** The GGUF chat models of {@code local.models-dir}; a configured directory that is missing is an error. */
    private static Optional<GgufModels> ggufModels(HedgeConfig.LocalConfig local) {
        if (local.modelsDir().isEmpty()) {
            return Optional.empty();
        }
        Path dir = local.modelsDir().get();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("local.models-dir: %s is not a directory".formatted(dir.toAbsolutePath()));
        }
        return Optional.of(GgufModels.scan(dir, local.threads(), LOCAL_CONTEXT_TOKENS, local.maxConcurrent()));
    }

    /** Where the store lives: the configured URL, else SQLite in the data directory. */
    public static StoreLocation storeLocation(HedgeConfig config, Path dataDir) {
        try {
            return config.store().map(StoreLocation::parse).orElseGet(() -> StoreLocation.sqlite(dataDir));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    /** The network transport the event loops run on: native epoll, or Java NIO and why not epoll. */
    public String transport() {
        if (vertx.isNativeTransportEnabled()) {
            return "native epoll";
        }
        Throwable cause = vertx.unavailableNativeTransportCause();
        return "Java NIO (native epoll unavailable: %s)".formatted(cause == null ? "not on the class path"
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }

    /** The server: requests in flight now and taken so far (see {@link HedgeServer#inFlight()}). */
    public HedgeServer server() {
        return server;
    }

    public Gateway gateway() {
        return gateway;
    }

    public Store store() {
        return store;
    }

    public HedgeConfig config() {
        return config;
    }

    /** The quality router's wiring (empty when no model uses {@code policy: router}). */
    public RouterWiring router() {
        return router;
    }

    /** The drift seen in suppliers' answers, per provider and deployment. */
    public DriftRegistry drift() {
        return drift;
    }

    @Override
    public void close() {
        server.close();
        closeables.forEach(AutoCloseables::closeQuietly);
        providers.forEach(Provider::close);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        blocking.shutdown();
        try {
            blocking.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
