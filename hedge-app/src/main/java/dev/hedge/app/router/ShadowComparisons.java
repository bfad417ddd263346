package dev.hedge.app.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.app.config.ConfigException;
import dev.hedge.core.admission.QuotaAdmission;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.gateway.Gateway;
import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.gateway.PromptRouting;
import dev.hedge.core.gateway.Reply;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.gateway.RoutedAnswers;
import dev.hedge.core.gateway.SerialExecutor;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.RouteDecision;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.router.ShadowJudgePrompt;
import dev.hedge.core.router.ShadowSampling;
import dev.hedge.core.router.ShadowSpec;
import dev.hedge.core.router.ShadowVerdict;
import dev.hedge.core.time.Ticker;
import dev.hedge.store.LedgerWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow comparisons of the quality router. For router models with {@code shadow:} configured, a sampled
 * fraction of the chats routed to the weak tier is, after the client has its answer, sent again to the
 * strong tier; a judge model compares the two answers (in random order, without knowing which tier wrote
 * which), and its verdict teaches the router through {@link QualityRouting#feedback} — the update path of
 * {@code POST /v1/feedback}, so it is persisted as a revision and can be rolled back.
 *
 * <p>The strong call and the judge call go through a {@linkplain Gateway#sideline sideline} of the gateway
 * (same deployments, breakers and failover; no admission), on the client's key and team for visibility,
 * recorded in the ledger with purpose {@code shadow} / {@code judge} and {@code shadow_of} = the client's
 * request id, and never charged to the client's budget or rate limits. Nothing here can delay or fail the
 * client's answer: sampling is a coin flip on the request's executor, everything else runs after.
 *
 * <p>Bounded: at most {@code max-in-flight} comparisons per router model (its {@code auto} alias shares the
 * bound); a sampled request past it is dropped and counted. {@link #close()} cancels what runs and does not
 * wait. Failures are logged and counted ({@code hedge_router_shadow_failures_total{hedge_stage}}).
 */
public final class ShadowComparisons implements RoutedAnswers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowComparisons.class);
    private static final int REMEMBERED_OUTCOMES = 10_000;
    private static final Duration OUTCOMES_FOR = Duration.ofMinutes(30);
    private static final int VERDICT_LOG_CHARS = 200;

    /** What became of a weak-routed request's comparison. */
    public enum Result {
        /** The coin said no (or the request had tools, several choices or an empty answer). */
        NOT_SAMPLED,
        /** Sampled, but {@code max-in-flight} comparisons were already running (or Hedge was stopping). */
        DROPPED,
        /** The strong tier's call failed. */
        SHADOW_FAILED,
        /** The judge's call failed. */
        JUDGE_FAILED,
        /** The judge answered, but not in the verdict format: nothing learned. */
        UNPARSEABLE,
        /** The verdict taught the router: a new revision. */
        LEARNED,
        /** The verdict could not teach (the request was forgotten, or already had feedback). */
        NOT_LEARNED
    }

    /**
     * A finished comparison.
     *
     * @param verdict the judge's verdict, when it gave one
     * @param revision the router's revision after learning from it
     * @param detail what happened, for people
     */
    public record Outcome(Result result, Optional<ShadowVerdict> verdict, OptionalInt revision, String detail) {
        static Outcome of(Result result, String detail) {
            return new Outcome(result, Optional.empty(), OptionalInt.empty(), detail);
        }
    }

    /** One router model's shadow settings; the {@code auto} alias shares its model's instance. */
    private static final class Shadowed {
        final RouterPolicySpec spec;
        final ShadowSpec shadow;
        final ShadowSampling sampling;
        final AtomicInteger inFlight = new AtomicInteger();

        Shadowed(RouterPolicySpec spec, ShadowSpec shadow, RandomGenerator random) {
            this.spec = spec;
            this.shadow = shadow;
            this.sampling = new ShadowSampling(shadow.fraction(), random);
        }
    }

    /** A request Hedge makes on behalf of a client's ({@code purpose}: shadow or judge). */
    private record Side(String purpose, String clientRequestId, RouteDecision decision) {}

    /** How a stage of a comparison ended badly; carries the outcome through the stage chain. */
    private static final class Stop extends RuntimeException {
        final Outcome outcome;

        Stop(Outcome outcome) {
            super(outcome.detail(), null, false, false);
            this.outcome = outcome;
        }
    }

    private final Map<String, Shadowed> models;
    private final @Nullable QualityRouting routing;
    private final LedgerWriter ledger;
    private final Ticker ticker;
    private final Executor executor;
    private final MeterRegistry metrics;
    private final GatewayListener requestLog;
    private final Map<String, Side> sides = new ConcurrentHashMap<>();
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private final Cache<String, CompletableFuture<Outcome>> outcomes = Caffeine.newBuilder()
            .maximumSize(REMEMBERED_OUTCOMES).expireAfterWrite(OUTCOMES_FOR).build();
    private volatile @Nullable Gateway sideline;
    private volatile boolean closed;

    private ShadowComparisons(Map<String, Shadowed> models, @Nullable QualityRouting routing, LedgerWriter ledger, Ticker ticker,
            Executor executor, MeterRegistry metrics, GatewayListener requestLog) {
        this.models = models;
        this.routing = routing;
        this.ledger = ledger;
        this.ticker = ticker;
        this.executor = executor;
        this.metrics = metrics;
        this.requestLog = requestLog;
    }

    /**
     * The shadow comparisons of the router models in {@code routers} that configure them (none without).
     *
     * @param executor runs the comparisons' request state (the gateway hops onto it); must not be the caller's
     * @param requestLog also sees the shadow and judge requests (the request log line)
     * @param random sampling and answer order; tests pass a seeded generator
     */
    public static ShadowComparisons create(List<RouterPolicySpec> routers, Optional<QualityRouting> routing,
            LedgerWriter ledger, Ticker ticker, Executor executor, MeterRegistry metrics, GatewayListener requestLog,
            RandomGenerator random) {
        Map<ShadowSpec, Shadowed> byShadow = new IdentityHashMap<>(); // auto is a copy sharing the same ShadowSpec
        Map<String, Shadowed> models = new HashMap<>();
        for (RouterPolicySpec spec : routers) {
            spec.shadow().ifPresent(shadow -> models.put(spec.model(),
                    byShadow.computeIfAbsent(shadow, s -> new Shadowed(spec, s, random))));
        }
        if (!models.isEmpty() && routing.isEmpty()) {
            throw new IllegalStateException("shadow comparisons configured without a running router");
        }
        return new ShadowComparisons(Map.copyOf(models), routing.orElse(null), ledger, ticker, executor, metrics,
                requestLog);
    }

    /** What the gateway taps: this, or nothing when no router model compares (no per-request cost then). */
    public RoutedAnswers answers() {
        return models.isEmpty() ? RoutedAnswers.NONE : this;
    }

    /**
     * Starts comparing through a sideline of {@code gateway} (its deployments, breakers and failover).
     *
     * @throws ConfigException if a judge is not a model {@code gateway} serves
     */
    public void start(Gateway gateway) {
        if (models.isEmpty()) {
            return;
        }
        for (Shadowed shadowed : models.values()) {
            String judge = shadowed.shadow.judge();
            if (gateway.catalog().resolve(judge).isEmpty()) {
                throw new ConfigException("models: %s.shadow.judge: '%s' is not a model this Hedge serves"
                        .formatted(shadowed.spec.model(), judge));
            }
        }
        sideline = gateway.sideline(GatewayListener.all(List.of(requestLog, new CostMetrics())), this::record,
                this::strongTier);
    }

    /**
     * The outcome of the comparison of a weak-routed request once it is decided (at once for one that was not
     * sampled); remembered for 30 minutes. For tests and tools: a request that was never routed to the weak
     * tier of a compared model never completes.
     */
    public CompletionStage<Outcome> outcome(String requestId) {
        return outcomes.get(requestId, id -> new CompletableFuture<>());
    }

    @Override
    public boolean wants(RequestContext context, ChatCompletionRequest request, RouteDecision decision) {
        Shadowed shadowed = request.model() == null ? null : models.get(request.model());
        if (shadowed == null || !decision.tier().equals(RouteDecision.WEAK)) {
            return false;
        }
        boolean comparable = (request.tools() == null || request.tools().isEmpty())
                && (request.n() == null || request.n() <= 1);
        if (comparable && shadowed.sampling.sample()) {
            return true;
        }
        decide(context.requestId(), Outcome.of(Result.NOT_SAMPLED, comparable ? "not sampled" : "tools or n > 1: not compared"));
        return false;
    }

    @Override
    public void answered(RequestContext context, ChatCompletionRequest request, RouteDecision decision, String answer) {
        String requestId = context.requestId();
        Shadowed shadowed = models.get(request.model());
        Gateway side = sideline;
        if (shadowed == null || answer.isBlank()) {
            decide(requestId, Outcome.of(Result.NOT_SAMPLED, "the answer has no text to compare"));
            return;
        }
        if (side == null || closed || !reserve(shadowed)) {
            count("hedge.router.shadow.dropped", "Sampled shadow comparisons dropped: max-in-flight reached or stopping",
                    "gen_ai.request.model", shadowed.spec.model());
            decide(requestId, Outcome.of(Result.DROPPED, "max-in-flight %d reached".formatted(shadowed.shadow.maxInFlight())));
            return;
        }
        Cancellation cancellation = Cancellation.create();
        running.add(cancellation);
        Caller onBehalf = onBehalfOf(context.caller());
        CompletableFuture<Outcome> compared;
        try {
            compared = compare(side, shadowed, onBehalf, cancellation, request, decision, requestId, answer);
        } catch (RuntimeException e) {
            compared = CompletableFuture.failedFuture(e);
        }
        compared.handle((outcome, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                outcome = cause instanceof Stop stop ? stop.outcome
                        : Outcome.of(Result.SHADOW_FAILED, "comparison failed: " + cause);
            }
            return outcome;
        }).thenAccept(outcome -> {
            shadowed.inFlight.decrementAndGet();
            running.remove(cancellation);
            sides.remove(sideId(requestId, "shadow"));
            sides.remove(sideId(requestId, "judge"));
            report(shadowed, requestId, outcome);
            decide(requestId, outcome);
        });
    }

    private CompletableFuture<Outcome> compare(Gateway side, Shadowed shadowed, Caller caller, Cancellation cancellation,
            ChatCompletionRequest request, RouteDecision decision, String requestId, String weakAnswer) {
        String shadowId = sideId(requestId, "shadow");
        sides.put(shadowId, new Side("shadow", requestId, decision));
        return side.chat(context(shadowId, caller, cancellation), request.unary()).toCompletableFuture()
                .handle((strong, error) -> {
                    if (error != null) {
                        throw new Stop(Outcome.of(Result.SHADOW_FAILED, "strong tier: " + describe(error)));
                    }
                    return text(strong);
                })
                .thenCompose(strongAnswer -> {
                    boolean strongFirst = shadowed.sampling.strongFirst();
                    String judgeId = sideId(requestId, "judge");
                    sides.put(judgeId, new Side("judge", requestId, decision));
                    ChatCompletionRequest judging = judgeRequest(shadowed.shadow.judge(),
                            ShadowJudgePrompt.user(question(request), strongAnswer, weakAnswer, strongFirst));
                    return side.chat(context(judgeId, caller, cancellation), judging).toCompletableFuture()
                            .handle((judged, error) -> {
                                if (error != null) {
                                    throw new Stop(Outcome.of(Result.JUDGE_FAILED, "judge: " + describe(error)));
                                }
                                String verdictText = text(judged);
                                return ShadowVerdict.parse(verdictText, strongFirst).orElseThrow(() -> new Stop(Outcome.of(
                                        Result.UNPARSEABLE, "judge's answer has no verdict: " + snippet(verdictText))));
                            });
                })
                .thenCompose(verdict -> learn(requestId, verdict));
    }

    /** Teaches the router on its own executor (it writes the revision file), as {@code POST /v1/feedback} does. */
    private CompletableFuture<Outcome> learn(String requestId, ShadowVerdict verdict) {
        QualityRouting.Feedback feedback = new QualityRouting.Feedback(requestId, Optional.of(verdict.preferred()),
                OptionalDouble.empty());
        QualityRouting router = java.util.Objects.requireNonNull(routing, "routing");
        return router.offload(() -> {
            try {
                QualityRouting.FeedbackOutcome learned = router.feedback(feedback);
                return new Outcome(learned.learned() ? Result.LEARNED : Result.NOT_LEARNED, Optional.of(verdict),
                        OptionalInt.of(learned.revision()), learned.reason());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return new Outcome(Result.NOT_LEARNED, Optional.of(verdict), OptionalInt.empty(), e.getMessage());
            }
        }).toCompletableFuture();
    }

    private void report(Shadowed shadowed, String requestId, Outcome outcome) {
        String model = shadowed.spec.model();
        outcome.verdict().ifPresent(verdict -> count("hedge.router.shadow.comparisons",
                "Shadow comparisons judged, by verdict (strong: the strong tier's answer was better)",
                "gen_ai.request.model", model, "hedge.verdict", verdict.preferred()));
        switch (outcome.result()) {
            case UNPARSEABLE -> count("hedge.router.shadow.comparisons",
                    "Shadow comparisons judged, by verdict (strong: the strong tier's answer was better)",
                    "gen_ai.request.model", model, "hedge.verdict", "unparseable");
            case SHADOW_FAILED, JUDGE_FAILED -> count("hedge.router.shadow.failures",
                    "Shadow comparisons that failed, by stage", "gen_ai.request.model", model, "hedge.stage",
                    outcome.result() == Result.SHADOW_FAILED ? "shadow" : "judge");
            case NOT_LEARNED -> count("hedge.router.shadow.failures", "Shadow comparisons that failed, by stage",
                    "gen_ai.request.model", model, "hedge.stage", "learn");
            default -> { }
        }
        if (closed) {
            return; // cancelled by shutdown: not worth a warning each
        }
        switch (outcome.result()) {
            case LEARNED -> LOG.info("shadow comparison of {} ({}): verdict {}, router revision {}", requestId, model,
                    outcome.verdict().map(ShadowVerdict::preferred).orElse("-"), outcome.revision().orElse(-1));
            default -> LOG.warn("shadow comparison of {} ({}): {} — {}", requestId, model,
                    outcome.result().name().toLowerCase(java.util.Locale.ROOT), outcome.detail());
        }
    }

    private void decide(String requestId, Outcome outcome) {
        outcomes.get(requestId, id -> new CompletableFuture<>()).complete(outcome);
    }

    private static boolean reserve(Shadowed shadowed) {
        while (true) {
            int now = shadowed.inFlight.get();
            if (now >= shadowed.shadow.maxInFlight()) {
                return false;
            }
            if (shadowed.inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** The sideline's plan for a shadow request: the strong tier of its router model only. */
    private Optional<CompletionStage<PromptRouting.Routed>> strongTier(dev.hedge.core.catalog.RoutedModel model,
            RequestContext context, String prompt) {
        Side side = sides.get(context.requestId());
        Shadowed shadowed = models.get(model.name());
        if (side == null || shadowed == null || !side.purpose().equals("shadow")) {
            return Optional.empty();
        }
        List<Deployment> deployments = model.deployments();
        List<Deployment> strong = deployments.subList(shadowed.spec.weakDeployments(), deployments.size());
        RouteDecision routed = new RouteDecision(RouteDecision.STRONG, side.decision().score(), side.decision().threshold(),
                side.decision().routerRevision(), 0);
        return Optional.of(CompletableFuture.completedFuture(new PromptRouting.Routed(strong, routed)));
    }

    /** The sideline's recorder: Hedge's own requests are marked with their purpose and the client's request. */
    private CompletionStage<Void> record(RequestLog request) {
        Side side = sides.get(request.requestId());
        return ledger.record(request, side == null
                ? LedgerWriter.Purpose.CLIENT
                : LedgerWriter.Purpose.onBehalfOf(side.purpose(), side.clientRequestId()));
    }

    /** What Hedge's own requests cost, apart from the clients' {@code hedge_cost}. */
    private final class CostMetrics implements GatewayListener {
        @Override
        public void requestEnd(RequestLog request) {
            Side side = sides.get(request.requestId());
            long cost = QuotaAdmission.actualMicroUsd(request);
            if (side != null && cost > 0) {
                Counter.builder("hedge.router.shadow.cost")
                        .description("What shadow comparisons cost, in micro-dollars, by purpose (shadow: the strong tier's answer; judge)")
                        .baseUnit("microusd")
                        .tag("hedge.purpose", side.purpose())
                        .tag("gen_ai.request.model", request.model())
                        .register(metrics)
                        .increment(cost);
            }
        }
    }

    private RequestContext context(String requestId, Caller caller, Cancellation cancellation) {
        return new RequestContext(requestId, caller, new SerialExecutor(executor), cancellation, ticker.nanos());
    }

    /** The client's key and team, for the record; any model (the judge), no admin rights. */
    private static Caller onBehalfOf(Caller client) {
        return new Caller(client.keyId(), client.keyName(), client.team(), Set.of(), false);
    }

    private static String sideId(String requestId, String purpose) {
        return requestId + "-" + purpose;
    }

    private static ChatCompletionRequest judgeRequest(String judge, String user) {
        return new ChatCompletionRequest(judge, List.of(ChatMessage.system(ShadowJudgePrompt.SYSTEM), ChatMessage.user(user)),
                null, null, ShadowJudgePrompt.MAX_TOKENS, null, null, 0.0, null, null, null, null, null, null, null,
                null, null, null, null, null, Map.of());
    }

    /** What the judge reads as the question: the user's message, or the whole conversation when there is more. */
    static String question(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        if (messages.size() == 1) {
            return messages.getFirst().text();
        }
        StringBuilder conversation = new StringBuilder();
        for (ChatMessage message : messages) {
            conversation.append('[').append(message.role()).append("] ").append(message.text()).append('\n');
        }
        return conversation.toString().strip();
    }

    private static String text(Reply<ChatCompletion> reply) {
        List<ChatCompletion.Choice> choices = reply.body().choices();
        return choices.isEmpty() ? "" : choices.getFirst().message().text();
    }

    private static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        return cause instanceof dev.hedge.core.gateway.GatewayException ge
                ? "%d %s".formatted(ge.status(), ge.getMessage())
                : cause.toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String snippet(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= VERDICT_LOG_CHARS ? "'" + line + "'" : "'" + line.substring(0, VERDICT_LOG_CHARS) + "…'";
    }

    private void count(String name, String description, String... tags) {
        Counter.builder(name).description(description).tags(tags).register(metrics).increment();
    }

    /** Stops comparing: cancels the shadow and judge calls in flight (their upstream calls stop) and returns. */
    @Override
    public void close() {
        closed = true;
        for (Cancellation cancellation : List.copyOf(running)) {
            cancellation.cancel("hedge is stopping");
        }
    }
}
