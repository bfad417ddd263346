package dev.hedge.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.models.ModelList;
import dev.hedge.core.admission.Admission;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.resilience.DeploymentRegistry;
import dev.hedge.core.resilience.RetryBudget;
import dev.hedge.core.routing.ContextWindows;
import dev.hedge.core.routing.PolicyPlanner;
import dev.hedge.core.time.Ticker;
import dev.hedge.core.tokens.PromptTokens;
import dev.hedge.core.tokens.TokenCounter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The request pipeline, assembled here and nowhere else. Every operation takes the same way:
 *
 * <pre>
 * validate → resolve the model → may the caller use it → admission (limits, budget) → plan the deployments
 *   → attempts until one commits (next deployment on a retryable failure before commit)
 *   → relay (streams chunk by chunk) → settle (ticket, recorder) → the last byte, once on record → listener
 * </pre>
 *
 * <p>Thread-safe. The catalog can be swapped at run time ({@link #catalog(Catalog)}); requests in flight keep
 * the one they started with.
 */
public final class Gateway {

    private final AtomicReference<Catalog> catalog;
    private final Admission admission;
    private final GatewayListener listener;
    private final RequestRecorder recorder;
    private final Ticker ticker;
    private final TokenCounter tokens;
    private final RoutePlanner planner;
    private final PromptRouting promptRouting;
    private final DeploymentRegistry deployments;
    private final RandomGenerator random;
    private final RoutedAnswers answers;
    private final ConcurrentHashMap<String, RetryBudget> retryBudgets = new ConcurrentHashMap<>();
    private final long startedAtSeconds;

    private Gateway(Builder builder) {
        this.catalog = builder.sharedCatalog != null ? builder.sharedCatalog : new AtomicReference<>(builder.catalog);
        this.answers = builder.answers;
        this.admission = builder.admission;
        this.listener = builder.listener;
        this.recorder = builder.recorder;
        this.ticker = builder.ticker;
        this.tokens = builder.tokens;
        this.deployments = builder.deployments != null ? builder.deployments : new DeploymentRegistry(ticker);
        this.random = builder.random;
        this.planner = builder.planner != null ? builder.planner : new PolicyPlanner(deployments, random);
        this.promptRouting = builder.promptRouting;
        this.startedAtSeconds = ticker.now().getEpochSecond();
    }

    public static Builder builder(Catalog catalog, Ticker ticker) {
        return new Builder(catalog, ticker);
    }

    /**
     * A gateway for Hedge's own requests on behalf of clients (shadow comparisons): it shares this one's
     * catalog (reloads included), deployment health, planner, token counter and randomness, so its requests
     * take the same deployments, breakers and failover; but it admits every request (no caller budget or
     * rate limit is charged), reports to its own listener and recorder, and taps no answers.
     */
    public Gateway sideline(GatewayListener sideListener, RequestRecorder sideRecorder, PromptRouting sideRouting) {
        Builder side = new Builder(catalog.get(), ticker)
                .listener(sideListener)
                .recorder(sideRecorder)
                .tokens(tokens)
                .planner(planner)
                .deployments(deployments)
                .random(random)
                .promptRouting(sideRouting);
        side.sharedCatalog = catalog;
        return side.build();
    }

    /** The catalog requests are resolved against now. */
    public Catalog catalog() {
        return catalog.get();
    }

    /** Replaces the catalog (a validated configuration reload). */
    public void catalog(Catalog next) {
        catalog.set(next);
    }

    public TokenCounter tokens() {
        return tokens;
    }

    /** The health of every deployment requests have gone to (breakers, in-flight, latency, errors). */
    public DeploymentRegistry deployments() {
        return deployments;
    }

    /** Answers a chat request in one piece. Fails with {@link GatewayException}. */
    public CompletionStage<Reply<ChatCompletion>> chat(RequestContext context, ChatCompletionRequest request) {
        Exchange exchange = exchange(context, Endpoint.CHAT, request.model(), false);
        PromptTokens prompt = chatPrompt(request);
        CompletionStage<Reply<ChatCompletion>> reply = unary(exchange, () -> RequestValidator.chat(request), request.model(),
                () -> RoutingPrompts.chat(request), prompt, outputLimit(request.outputLimit()),
                (model, plan) -> new UnaryCall<>(exchange, attempts(exchange, model, plan), Operations.chat(tokens, prompt), request,
                        model.spec().timeouts()).start());
        if (answers != RoutedAnswers.NONE) {
            reply.thenAccept(answered -> AnswerCapture.unary(answers, context, request, answered));
        }
        return reply;
    }

    /** Streams a chat answer into {@code sink}; see {@link StreamSink} for the order of calls. */
    public void streamChat(RequestContext context, ChatCompletionRequest request,
            StreamSink<ChatCompletionChunk> clientSink) {
        StreamSink<ChatCompletionChunk> sink = answers == RoutedAnswers.NONE
                ? clientSink
                : AnswerCapture.stream(answers, context, request, clientSink);
        Exchange exchange = exchange(context, Endpoint.CHAT, request.model(), true);
        PromptTokens prompt = chatPrompt(request);
        stream(exchange, sink, () -> RequestValidator.chat(request), request.model(), () -> RoutingPrompts.chat(request),
                prompt, outputLimit(request.outputLimit()),
                (model, plan) -> new StreamCall<>(exchange, attempts(exchange, model, plan), Operations.streamChat(tokens, prompt), request,
                        model.spec().timeouts(), sink).start());
    }

    /** Answers a text completion in one piece. */
    public CompletionStage<Reply<Completion>> complete(RequestContext context, CompletionRequest request) {
        Exchange exchange = exchange(context, Endpoint.COMPLETIONS, request.model(), false);
        PromptTokens prompt = inputPrompt(request.model(), request.prompt());
        return unary(exchange, () -> RequestValidator.completion(request), request.model(),
                () -> RoutingPrompts.completion(request), prompt, outputLimit(request.maxTokens()),
                (model, plan) -> new UnaryCall<>(exchange, attempts(exchange, model, plan), Operations.complete(tokens, prompt), request,
                        model.spec().timeouts()).start());
    }

    /** Streams a text completion into {@code sink}. */
    public void streamComplete(RequestContext context, CompletionRequest request, StreamSink<Completion> sink) {
        Exchange exchange = exchange(context, Endpoint.COMPLETIONS, request.model(), true);
        PromptTokens prompt = inputPrompt(request.model(), request.prompt());
        stream(exchange, sink, () -> RequestValidator.completion(request), request.model(),
                () -> RoutingPrompts.completion(request), prompt, outputLimit(request.maxTokens()),
                (model, plan) -> new StreamCall<>(exchange, attempts(exchange, model, plan), Operations.streamComplete(tokens, prompt), request,
                        model.spec().timeouts(), sink).start());
    }

    /** Embeds the request's inputs. */
    public CompletionStage<Reply<EmbeddingResponse>> embed(RequestContext context, EmbeddingRequest request) {
        Exchange exchange = exchange(context, Endpoint.EMBEDDINGS, request.model(), false);
        PromptTokens input = inputPrompt(request.model(), request.input());
        return unary(exchange, () -> RequestValidator.embedding(request), request.model(), RoutingPrompts.NONE,
                input, 0,
                (model, plan) -> new UnaryCall<>(exchange, attempts(exchange, model, plan), Operations.embed(tokens, input), request,
                        model.spec().timeouts()).start());
    }

    /** The models {@code caller} may use. */
    public ModelList models(Caller caller) {
        return ModelList.of(catalog.get().models().stream()
                .filter(model -> caller.mayUse(model.name()))
                .map(model -> ModelList.Model.of(model.name(), startedAtSeconds, model.ownedBy()))
                .toList());
    }

    /** Starts the calls of a model once it is admitted, with the deployments to try in order. */
    @FunctionalInterface
    private interface Launch<R> {
        R launch(RoutedModel model, List<Deployment> plan);
    }

    private Attempts attempts(Exchange exchange, RoutedModel model, List<Deployment> plan) {
        RetryBudget budget = retryBudgets.computeIfAbsent(model.name(),
                name -> new RetryBudget(model.spec().retries().budgetRatio(), model.spec().retries().budgetMinimum()));
        return new Attempts(exchange, model, plan, deployments, budget, random);
    }

    private Exchange exchange(RequestContext context, Endpoint endpoint, @Nullable String model, boolean stream) {
        return new Exchange(context, endpoint, model == null ? "" : model, stream, ticker, listener, recorder);
    }

    private <T> CompletionStage<Reply<T>> unary(Exchange exchange, Runnable validation, @Nullable String modelName,
            Supplier<Optional<String>> prompt, PromptTokens promptTokens, int maxOutputTokens, Launch<CompletableFuture<Reply<T>>> launch) {
        CompletableFuture<Reply<T>> result = new CompletableFuture<>();
        prepare(exchange, validation, modelName, prompt, promptTokens, maxOutputTokens,
                result::completeExceptionally,
                (model, plan) -> launch.launch(model, plan).whenComplete((reply, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error);
                    } else {
                        result.complete(reply);
                    }
                }));
        return result;
    }

    private <C> void stream(Exchange exchange, StreamSink<C> sink, Runnable validation, @Nullable String modelName,
            Supplier<Optional<String>> prompt, PromptTokens promptTokens, int maxOutputTokens, Launch<?> launch) {
        prepare(exchange, validation, modelName, prompt, promptTokens, maxOutputTokens,
                error -> exchange.execute(() -> sink.onError(error, false)),
                launch);
    }

    /** Validation, resolution, permission and admission; then {@code launch}, or {@code reject}. */
    private void prepare(Exchange exchange, Runnable validation, @Nullable String modelName,
            Supplier<Optional<String>> prompt, PromptTokens promptTokens,
            int maxOutputTokens, Consumer<GatewayException> reject, Launch<?> launch) {
        exchange.rejectWith(reject);
        RoutedModel model;
        try {
            validation.run();
            model = catalog.get().resolve(Objects.requireNonNull(modelName))
                    .orElseThrow(() -> GatewayException.modelNotFound(modelName));
            Caller caller = exchange.context().caller();
            if (!caller.mayUse(model.name())) {
                throw GatewayException.modelNotAllowed(model.name(), caller.keyName());
            }
        } catch (GatewayException e) {
            exchange.execute(() -> exchange.finishFailed(e, () -> reject.accept(e)));
            return;
        }
        CompletionStage<Admission.Ticket> admitted;
        try {
            admitted = admission.admit(new Admission.Request(exchange.context(), model, promptTokens, maxOutputTokens));
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        admitted.whenComplete((ticket, error) -> exchange.execute(() -> {
            if (error != null) {
                GatewayException refusal = asGatewayException(error);
                exchange.finishFailed(refusal, () -> reject.accept(refusal));
                return;
            }
            exchange.admitted(ticket);
            Optional<CompletionStage<PromptRouting.Routed>> routed = prompt.get()
                    .flatMap(text -> promptRouting.route(model, exchange.context(), text));
            if (routed.isEmpty()) {
                launchFitting(exchange, model, planner.plan(model, exchange.context()), promptTokens, maxOutputTokens,
                        reject, launch);
                return;
            }
            routed.get().whenComplete((route, routeError) -> exchange.execute(() -> {
                if (routeError != null) {
                    GatewayException failure = asGatewayException(routeError);
                    exchange.finishFailed(failure, () -> reject.accept(failure));
                    return;
                }
                exchange.routed(route.decision());
                launchFitting(exchange, model, route.plan(), promptTokens, maxOutputTokens, reject, launch);
            }));
        }));
    }

    /** Launches the deployments of {@code planned} whose context window fits the request. */
    private static void launchFitting(Exchange exchange, RoutedModel model, List<Deployment> planned,
            PromptTokens promptTokens, int maxOutputTokens, Consumer<GatewayException> reject, Launch<?> launch) {
        if (ContextWindows.needsCount(planned, promptTokens, maxOutputTokens) && promptTokens.countsAside()) {
            // a failed count is made again on the loop by fit; if that throws too, Exchange.execute answers 500
            promptTokens.counted().whenComplete((tokens, error) -> exchange.execute(
                    () -> fitAndLaunch(exchange, model, planned, promptTokens, maxOutputTokens, reject, launch)));
            return;
        }
        fitAndLaunch(exchange, model, planned, promptTokens, maxOutputTokens, reject, launch);
    }

    private static void fitAndLaunch(Exchange exchange, RoutedModel model, List<Deployment> planned,
            PromptTokens promptTokens, int maxOutputTokens, Consumer<GatewayException> reject, Launch<?> launch) {
        List<Deployment> plan = ContextWindows.fit(planned, promptTokens, maxOutputTokens);
        if (plan.isEmpty()) {
            GatewayException tooLong = GatewayException.invalidRequest(
                    "The prompt (%d tokens) plus the requested output does not fit the context window of any deployment of '%s' (largest: %d tokens)."
                            .formatted(promptTokens.count(), model.name(), ContextWindows.largest(model.deployments())),
                    "messages", "context_length_exceeded");
            exchange.finishFailed(tooLong, () -> reject.accept(tooLong));
            return;
        }
        launch.launch(model, plan);
    }

    private static GatewayException asGatewayException(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause()
                : error;
        if (cause instanceof GatewayException ge) {
            return ge;
        }
        return GatewayException.of(500, dev.hedge.api.error.ErrorType.SERVER, "Admission failed: " + cause,
                null, "admission_failed");
    }

    /** A chat request's prompt tokens, counted at most once (admission and the context-window fit may both ask). */
    private PromptTokens chatPrompt(ChatCompletionRequest request) {
        return PromptTokens.of(
                () -> tokens.countChatPrompt(Objects.requireNonNull(request.model()), request.messages(), request.tools()),
                () -> TokenCounter.boundChatPrompt(request.messages(), request.tools()), tokens.aside());
    }

    /** The tokens of a completions prompt or an embeddings input, counted at most once. */
    private PromptTokens inputPrompt(@Nullable String model, @Nullable JsonNode input) {
        return PromptTokens.of(() -> tokens.countInput(Objects.requireNonNull(model), input),
                () -> TokenCounter.boundInput(input), tokens.aside());
    }

    private static int outputLimit(@Nullable Integer limit) {
        return limit == null ? 0 : limit;
    }

    /** Assembles a gateway. */
    public static final class Builder {
        private final Catalog catalog;
        private final Ticker ticker;
        private Admission admission = Admission.UNLIMITED;
        private GatewayListener listener = GatewayListener.NONE;
        private RequestRecorder recorder = RequestRecorder.NONE;
        private TokenCounter tokens = new TokenCounter();
        private @Nullable RoutePlanner planner;
        private PromptRouting promptRouting = PromptRouting.NONE;
        private RoutedAnswers answers = RoutedAnswers.NONE;
        private @Nullable AtomicReference<Catalog> sharedCatalog;
        private @Nullable DeploymentRegistry deployments;
        // thread-safe: each call draws from the calling thread's generator
        private RandomGenerator random = () -> java.util.concurrent.ThreadLocalRandom.current().nextLong();

        private Builder(Catalog catalog, Ticker ticker) {
            this.catalog = catalog;
            this.ticker = ticker;
        }

        public Builder admission(Admission value) {
            this.admission = value;
            return this;
        }

        public Builder listener(GatewayListener value) {
            this.listener = value;
            return this;
        }

        /** Where finished requests are made durable before their last byte is sent (the ledger). */
        public Builder recorder(RequestRecorder value) {
            this.recorder = value;
            return this;
        }

        public Builder tokens(TokenCounter value) {
            this.tokens = value;
            return this;
        }

        /** Orders deployments; by default each model's {@code policy} does ({@link PolicyPlanner}). */
        public Builder planner(RoutePlanner value) {
            this.planner = value;
            return this;
        }

        /** Where deployment health lives; by default a registry of this gateway's own. */
        public Builder deployments(DeploymentRegistry value) {
            this.deployments = value;
            return this;
        }

        /** Randomness for weighted and least-latency routing and for backoff jitter (tests pass a seeded one). */
        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        /** Plans the models it handles from the prompt (the quality router); others go to the planner. */
        public Builder promptRouting(PromptRouting value) {
            this.promptRouting = value;
            return this;
        }

        /** Sees the answers of prompt-routed chats after their clients have them (shadow comparisons). */
        public Builder answers(RoutedAnswers value) {
            this.answers = value;
            return this;
        }

        public Gateway build() {
            return new Gateway(this);
        }
    }
}
