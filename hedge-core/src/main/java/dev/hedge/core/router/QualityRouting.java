package dev.hedge.core.router;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.embed.TextEmbedder;
import dev.hedge.core.gateway.PromptRouting;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.time.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The quality router at run time: for each {@code policy: router} model it embeds the prompt in-process,
 * scores it with the model's router and plans the chosen tier first (the other tier is the failover path).
 * It remembers recent decisions so feedback on a request ({@link #feedback}) can teach the router; every
 * update is persisted as a new revision next to the router file and can be rolled back ({@link #rollback}).
 * Thread-safe; embedding and file writes run on {@code executor}, never on the request's event loop.
 */
public final class QualityRouting implements PromptRouting {

    private static final int RECENT_REQUESTS = 100_000;
    private static final Duration RECENT_FOR = Duration.ofHours(24);

    private final Map<String, Policy> policies;
    private final TextEmbedder embedder;
    private final Executor executor;
    private final Ticker ticker;
    private final Cache<String, Remembered> recent;

    /** A router file in use, shared by the models that name it. */
    private static final class Handle {
        final Path file;
        final AtomicReference<QualityRouter> current;

        Handle(Path file, QualityRouter router) {
            this.file = file;
            this.current = new AtomicReference<>(router);
        }
    }

    private record Policy(RouterPolicySpec spec, Handle handle, double threshold) {}

    private record Remembered(String model, String prompt, float[] embedding, RouteDecision decision) {}

    private QualityRouting(Map<String, Policy> policies, TextEmbedder embedder, Executor executor, Ticker ticker) {
        this.policies = policies;
        this.embedder = embedder;
        this.executor = executor;
        this.ticker = ticker;
        this.recent = Caffeine.newBuilder().maximumSize(RECENT_REQUESTS).expireAfterWrite(RECENT_FOR).build();
    }

    /**
     * Loads the routers of {@code specs} (each at its latest revision) and fixes each model's threshold.
     *
     * @throws IllegalArgumentException if a router file is missing or unreadable, or was trained on another
     *     embedder's vectors
     */
    public static QualityRouting load(List<RouterPolicySpec> specs, TextEmbedder embedder, Executor executor, Ticker ticker) {
        Map<Path, Handle> handles = new HashMap<>();
        Map<String, Policy> policies = new LinkedHashMap<>();
        for (RouterPolicySpec spec : specs) {
            Path file = spec.router().toAbsolutePath().normalize();
            Handle handle = handles.computeIfAbsent(file, f -> new Handle(f, RouterRevisions.current(f)));
            QualityRouter router = handle.current.get();
            if (!router.info().embedder().equals(embedder.name()) || router.dimensions() != embedder.dimensions()) {
                throw new IllegalArgumentException("router %s of model %s reads %s vectors (%d dimensions), but the embedder is %s (%d)"
                        .formatted(spec.router(), spec.model(), router.info().embedder(), router.dimensions(),
                                embedder.name(), embedder.dimensions()));
            }
            double threshold = spec.threshold().isPresent()
                    ? spec.threshold().getAsDouble()
                    : router.calibration().forQualityFloor(spec.qualityFloor().getAsDouble()).threshold();
            policies.put(spec.model(), new Policy(spec, handle, threshold));
        }
        return new QualityRouting(policies, embedder, executor, ticker);
    }

    @Override
    public Optional<CompletionStage<Routed>> route(RoutedModel model, RequestContext context, String prompt) {
        Policy policy = policies.get(model.name());
        if (policy == null) {
            return Optional.empty();
        }
        return Optional.of(CompletableFuture.supplyAsync(() -> decide(policy, model, context.requestId(), prompt), executor));
    }

    /** Embeds and scores {@code prompt} for a router model, outside any request (benchmarks, dry runs). */
    public RouteDecision decide(String model, String prompt) {
        Policy policy = policies.get(model);
        if (policy == null) {
            throw new IllegalArgumentException("model: %s (expected: one of the router models %s)".formatted(model, policies.keySet()));
        }
        return score(policy, prompt, embed(prompt));
    }

    private Routed decide(Policy policy, RoutedModel model, String requestId, String prompt) {
        long started = ticker.nanos();
        float[] embedding = embed(prompt);
        RouteDecision scored = score(policy, prompt, embedding);
        RouteDecision decision = new RouteDecision(scored.tier(), scored.score(), scored.threshold(),
                scored.routerRevision(), ticker.elapsedNanos(started));
        recent.put(requestId, new Remembered(model.name(), prompt, embedding, decision));
        List<Deployment> deployments = model.deployments();
        int weak = policy.spec().weakDeployments();
        List<Deployment> plan = new ArrayList<>(deployments.size());
        if (decision.tier().equals(RouteDecision.STRONG)) {
            plan.addAll(deployments.subList(weak, deployments.size()));
            plan.addAll(deployments.subList(0, weak));
        } else {
            plan.addAll(deployments);
        }
        return new Routed(plan, decision);
    }

    private float[] embed(String prompt) {
        return embedder.embed(List.of(prompt)).vectors().getFirst();
    }

    private static RouteDecision score(Policy policy, String prompt, float[] embedding) {
        QualityRouter router = policy.handle().current.get();
        double p = router.score(embedding, prompt);
        String tier = p >= policy.threshold() ? RouteDecision.STRONG : RouteDecision.WEAK;
        return new RouteDecision(tier, p, policy.threshold(), router.info().revision(), 0);
    }

    /**
     * Feedback on a routed request: which tier's answer was preferred, or a rating of the answer served.
     *
     * @param requestId the {@code x-request-id} of the routed request
     * @param preferred {@code strong}, {@code weak} or {@code tie}, if the client compared both answers
     * @param rating quality of the served answer in [0, 1], if rated
     */
    public record Feedback(String requestId, Optional<String> preferred, OptionalDouble rating) {}

    /**
     * What feedback did.
     *
     * @param learned whether the router learned from it
     * @param reason why not, or what it learned
     * @param model the router model of the request
     * @param revision the router's revision afterwards
     */
    public record FeedbackOutcome(boolean learned, String reason, String model, int revision) {}

    /**
     * Teaches the router from feedback on a recent request and persists the update as a new revision.
     * Feedback is a gain of the strong tier ({@link QualityRouter#learn}): {@code strong} +1, {@code tie} 0,
     * {@code weak} −1; a rating r of a weak-served answer 1 − r (how far it fell short of a perfect answer;
     * never negative, since a rating says nothing of the strong tier). A label router (trained before format 3)
     * keeps learning the label: {@code weak} and {@code tie} 0, a rating 1 − r, as before.
     * Runs on the caller's thread (it writes the router file).
     *
     * @throws IllegalArgumentException if the request is unknown (not routed, or forgotten) or the feedback
     *     carries neither a preference nor a rating, or an invalid one
     */
    public FeedbackOutcome feedback(Feedback feedback) {
        Remembered remembered = recent.getIfPresent(feedback.requestId());
        if (remembered == null) {
            throw new IllegalArgumentException("request_id: %s (expected: a request routed by the quality router in the last %d hours)"
                    .formatted(feedback.requestId(), RECENT_FOR.toHours()));
        }
        Policy policy = policies.get(remembered.model());
        double gain;
        if (feedback.preferred().isPresent()) {
            gain = switch (feedback.preferred().get()) {
                case "strong" -> 1;
                case "tie" -> 0;
                case "weak" -> -1;
                default -> throw new IllegalArgumentException("preferred: %s (expected: strong, weak or tie)".formatted(feedback.preferred().get()));
            };
        } else if (feedback.rating().isPresent()) {
            double rating = feedback.rating().getAsDouble();
            if (!(rating >= 0 && rating <= 1)) {
                throw new IllegalArgumentException("rating: %s (expected: in [0, 1])".formatted(rating));
            }
            if (remembered.decision().tier().equals(RouteDecision.STRONG)) {
                return new FeedbackOutcome(false, "a rating of the strong tier's answer says nothing about the weak tier's; send preferred instead",
                        remembered.model(), policy.handle().current.get().info().revision());
            }
            gain = 1 - rating; // the weak answer's shortfall from a perfect one: the most the strong tier could gain
        } else {
            throw new IllegalArgumentException("feedback: neither preferred nor rating (expected: one of them)");
        }
        Handle handle = policy.handle();
        synchronized (handle) {
            QualityRouter current = handle.current.get();
            QualityRouter next = current.learn(remembered.embedding(), remembered.prompt(), gain)
                    .withRevision(current.info().revision() + 1);
            RouterRevisions.persist(next, handle.file);
            handle.current.set(next);
            recent.invalidate(feedback.requestId());
            return new FeedbackOutcome(true, "learned gain %.2f for the prompt".formatted(gain), remembered.model(),
                    next.info().revision());
        }
    }

    /**
     * Rolls the router of {@code model} back one revision, on disk and in memory.
     *
     * @return the revision now current
     * @throws IllegalArgumentException if {@code model} is not a router model
     * @throws IllegalStateException if there is no update to roll back
     */
    public int rollback(String model) {
        Policy policy = policies.get(model);
        if (policy == null) {
            throw new IllegalArgumentException("model: %s (expected: one of the router models %s)".formatted(model, policies.keySet()));
        }
        Handle handle = policy.handle();
        synchronized (handle) {
            QualityRouter previous = RouterRevisions.rollback(handle.file);
            handle.current.set(previous);
            return previous.info().revision();
        }
    }

    /** The current revision of {@code model}'s router. */
    public OptionalInt revision(String model) {
        Policy policy = policies.get(model);
        return policy == null ? OptionalInt.empty() : OptionalInt.of(policy.handle().current.get().info().revision());
    }

    /** The router models. */
    public List<String> models() {
        return List.copyOf(policies.keySet());
    }

    /** Runs {@code task} on the routing executor (feedback and rollback write files). */
    public <T> CompletionStage<T> offload(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor);
    }
}
