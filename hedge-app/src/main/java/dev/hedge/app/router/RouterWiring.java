package dev.hedge.app.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.json.Json;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.gateway.PromptRouting;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.time.Ticker;
import dev.hedge.core.embed.TextEmbedder;
import dev.hedge.core.router.QualityRouter;
import dev.hedge.core.router.RouterRevisions;
import dev.hedge.local.embed.MiniLmEmbedder;
import dev.hedge.local.embed.StaticEmbedder;
import dev.hedge.server.HedgeServer;
import dev.hedge.server.JsonRoute;
import dev.hedge.store.LedgerWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Puts the quality router into a running gateway: the in-process embedder (the routers' static table, or
 * MiniLM for contextual routers), the routers of the
 * {@code policy: router} models, and their endpoints — {@code POST /v1/feedback} (any caller) and
 * {@code POST /admin/router/rollback/<model>} (master key). Without router models it adds nothing and loads
 * no model.
 */
public final class RouterWiring implements AutoCloseable {

    /** Threads that embed prompts; ONNX Runtime uses one core per session run here. */
    private static final int ROUTING_THREADS = 2;

    private final Optional<QualityRouting> routing;
    private final Optional<TextEmbedder> embedder;
    private final Optional<ExecutorService> executor;
    private volatile Optional<ShadowComparisons> shadows = Optional.empty();

    private RouterWiring(Optional<QualityRouting> routing, Optional<TextEmbedder> embedder, Optional<ExecutorService> executor) {
        this.routing = routing;
        this.embedder = embedder;
        this.executor = executor;
    }

    /**
     * Loads the routers of {@code policies}.
     *
     * @throws IllegalArgumentException if a router file is missing, unreadable or for another embedder
     */
    public static RouterWiring create(List<RouterPolicySpec> policies, Ticker ticker) {
        if (policies.isEmpty()) {
            return new RouterWiring(Optional.empty(), Optional.empty(), Optional.empty());
        }
        TextEmbedder embedder = embedderFor(policies.getFirst());
        ExecutorService executor = Executors.newFixedThreadPool(ROUTING_THREADS, Thread.ofPlatform().daemon().name("hedge-router-", 0).factory());
        try {
            QualityRouting routing = QualityRouting.load(policies, embedder, executor, ticker);
            return new RouterWiring(Optional.of(routing), Optional.of(embedder), Optional.of(executor));
        } catch (RuntimeException e) {
            embedder.close();
            executor.shutdownNow();
            throw e;
        }
    }

    /**
     * The embedder a router file reads: its own static table if it carries one (no model session at all),
     * else contextual MiniLM on ONNX Runtime (routers trained with {@code --embedder contextual}, format-1
     * files). Every router model must share it; {@link QualityRouting#load} checks.
     */
    public static TextEmbedder embedderFor(RouterPolicySpec policy) {
        QualityRouter router = RouterRevisions.current(policy.router());
        return router.pieces().<TextEmbedder>map(StaticEmbedder::miniLm).orElseGet(() -> MiniLmEmbedder.load(1));
    }

    /** What the gateway asks for prompt-routed plans. */
    public PromptRouting promptRouting() {
        return routing.<PromptRouting>map(r -> r).orElse(PromptRouting.NONE);
    }

    /** The running router, if any model uses one. */
    public Optional<QualityRouting> routing() {
        return routing;
    }

    /**
     * The shadow comparisons of the router models that configure {@code shadow:}; closed with this wiring.
     * Hand {@link ShadowComparisons#answers()} to the gateway, then {@link ShadowComparisons#start} it.
     */
    public ShadowComparisons shadows(List<RouterPolicySpec> policies, LedgerWriter ledger, Ticker ticker, Executor executor,
            MeterRegistry metrics, GatewayListener requestLog, RandomGenerator random) {
        ShadowComparisons created = ShadowComparisons.create(policies, routing, ledger, ticker, executor, metrics,
                requestLog, random);
        shadows = Optional.of(created);
        return created;
    }

    /** The shadow comparisons made by {@link #shadows(List, LedgerWriter, Ticker, Executor, MeterRegistry, GatewayListener, RandomGenerator)}, if any. */
    public Optional<ShadowComparisons> shadows() {
        return shadows;
    }

    /** Adds the feedback and rollback endpoints when a router runs. */
    public HedgeServer.Builder routes(HedgeServer.Builder server) {
        routing.ifPresent(r -> server
                .route(HttpMethod.POST, "/v1/feedback", false, (caller, rest, body) -> feedback(r, body))
                .route(HttpMethod.POST, "/admin/router/rollback/*", true, (caller, rest, body) -> rollback(r, rest)));
        return server;
    }

    private static CompletionStage<JsonRoute.JsonReply> feedback(QualityRouting routing, byte[] body) {
        QualityRouting.Feedback feedback;
        try {
            feedback = parseFeedback(body);
        } catch (GatewayException e) {
            return CompletableFuture.failedFuture(e);
        }
        return offload(routing, () -> {
            QualityRouting.FeedbackOutcome outcome = routing.feedback(feedback);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("object", "feedback");
            json.put("request_id", feedback.requestId());
            json.put("model", outcome.model());
            json.put("learned", outcome.learned());
            json.put("detail", outcome.reason());
            json.put("router_revision", outcome.revision());
            return JsonRoute.JsonReply.ok(json);
        });
    }

    private static CompletionStage<JsonRoute.JsonReply> rollback(QualityRouting routing, String model) {
        return offload(routing, () -> {
            int revision = routing.rollback(model);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("object", "router.rollback");
            json.put("model", model);
            json.put("router_revision", revision);
            return JsonRoute.JsonReply.ok(json);
        });
    }

    /** Runs file-writing work off the event loop; argument and state errors become OpenAI-shaped errors. */
    private static CompletionStage<JsonRoute.JsonReply> offload(QualityRouting routing, Supplier<JsonRoute.JsonReply> task) {
        return routing.offload(() -> {
            try {
                return task.get();
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalidRequest(e.getMessage(), null, "invalid_router_request");
            } catch (IllegalStateException e) {
                throw GatewayException.of(409, ErrorType.INVALID_REQUEST, e.getMessage(), null, "router_conflict");
            }
        });
    }

    static QualityRouting.Feedback parseFeedback(byte[] body) {
        JsonNode json;
        try {
            json = Json.tree(body);
        } catch (IOException e) {
            throw GatewayException.invalidRequest("The body is not valid JSON: " + e.getMessage(), null, "invalid_json");
        }
        JsonNode requestId = json.path("request_id");
        if (!requestId.isTextual() || requestId.asText().isBlank()) {
            throw GatewayException.invalidRequest("request_id is required: the x-request-id of a routed request", "request_id", null);
        }
        JsonNode preferred = json.path("preferred");
        JsonNode rating = json.path("rating");
        if (!preferred.isMissingNode() && !preferred.isNull() && !preferred.isTextual()) {
            throw GatewayException.invalidRequest("preferred must be \"strong\", \"weak\" or \"tie\"", "preferred", null);
        }
        if (!rating.isMissingNode() && !rating.isNull() && !rating.isNumber()) {
            throw GatewayException.invalidRequest("rating must be a number in [0, 1]", "rating", null);
        }
        if (preferred.isTextual() == rating.isNumber()) {
            throw GatewayException.invalidRequest("send exactly one of preferred (strong|weak|tie) and rating (0..1)", "preferred", null);
        }
        return new QualityRouting.Feedback(requestId.asText(),
                preferred.isTextual() ? Optional.of(preferred.asText()) : Optional.empty(),
                rating.isNumber() ? OptionalDouble.of(rating.asDouble()) : OptionalDouble.empty());
    }

    @Override
    public void close() {
        shadows.ifPresent(ShadowComparisons::close); // before the executor that persists what they learn
        executor.ifPresent(e -> {
            e.shutdown();
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        embedder.ifPresent(TextEmbedder::close);
    }
}
