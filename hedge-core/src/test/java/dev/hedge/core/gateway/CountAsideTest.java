package dev.hedge.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.json.Json;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.admission.Budget;
import dev.hedge.core.admission.BudgetPeriod;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.admission.LimitsSource;
import dev.hedge.core.admission.LocalQuotas;
import dev.hedge.core.admission.QuotaAdmission;
import dev.hedge.core.admission.SpendSource;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.core.tokens.TokenCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Counting that could hold an event loop — a long prompt, or a long answer that came without usage — runs on the
 * token counter's aside executor, and the request goes on with the same counts when it is done; short texts are
 * counted at once, with no hop.
 */
class CountAsideTest {

    /** 32,000 chars: above {@link TokenCounter#ASIDE_CHARS}. */
    private static final String LONG = "The gateway counts this text aside. ".repeat(900);
    private static final TokenCounter INLINE = new TokenCounter();

    private final ManualTicker ticker = new ManualTicker();
    private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "count-aside"));
    private final AtomicInteger asideTasks = new AtomicInteger();
    private final TokenCounter tokens = new TokenCounter(task -> {
        asideTasks.incrementAndGet();
        pool.execute(task);
    });

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aShortPromptAndAnswerAreCountedAtOnce() {
        ChatCompletion answer = chat(gateway(new Answers(FakeProviders.completion("Hi there")), OptionalInt.empty()),
                FakeProviders.context(ticker), ask("hello"));

        assertThat(asideTasks).hasValue(0);
        assertThat(answer.usage().completionTokens()).isEqualTo(INLINE.countText("m", "Hi there"));
    }

    @Test
    void aLongPromptWithoutUsageIsCountedAside() {
        ChatCompletion answer = chat(gateway(new Answers(FakeProviders.completion("Hi")), OptionalInt.empty()),
                FakeProviders.context(ticker), ask(LONG));

        assertThat(asideTasks).hasValue(1);
        assertThat(answer.usage().promptTokens()).isEqualTo(promptTokens(ask(LONG)));
        assertThat(answer.usage().completionTokens()).isEqualTo(INLINE.countText("m", "Hi"));
    }

    @Test
    void aLongAnswerWithoutUsageIsCountedAside() {
        ChatCompletion answer = chat(gateway(new Answers(FakeProviders.completion(LONG)), OptionalInt.empty()),
                FakeProviders.context(ticker), ask("hello"));

        assertThat(asideTasks).hasValue(1);
        assertThat(answer.usage().completionTokens()).isEqualTo(INLINE.countText("m", LONG));
    }

    @Test
    void aStreamWithoutUsageEndsWhenItsLongPromptIsCountedAside() {
        ChatCompletionRequest request = streamed(LONG);
        List<FakeProviders.Sent> sent = FakeProviders.stream(
                gateway(new Answers(FakeProviders.completion("unused")), OptionalInt.empty()),
                FakeProviders.context(ticker), request);

        assertThat(asideTasks).hasValue(1);
        Usage usage = ((ChatCompletionChunk) sent.getLast().item()).usage();
        assertThat(usage).isNotNull();
        assertThat(usage.promptTokens()).isEqualTo(promptTokens(request));
        assertThat(usage.completionTokens()).isEqualTo(INLINE.countText("m", "Hi there"));
    }

    @Test
    void aLongPromptIsCountedAsideForAContextWindowThatItsBoundDoesNotFit() {
        assertThatThrownBy(() -> chat(gateway(new Answers(FakeProviders.completion("Hi")), OptionalInt.of(1000)),
                FakeProviders.context(ticker), ask(LONG)))
                .isInstanceOf(CompletionException.class)
                .hasMessageContaining("context window");
        assertThat(asideTasks).hasValue(1);

        // a window the bound fits: no count at all, the usage reported by the supplier is taken
        asideTasks.set(0);
        chat(gateway(new Answers(withUsage(FakeProviders.completion("Hi"))), OptionalInt.of(1_000_000)),
                FakeProviders.context(ticker), ask(LONG));
        assertThat(asideTasks).hasValue(0);
    }

    @Test
    void aLongPromptIsCountedAsideForABudget() {
        Caller app = new Caller("k1", "app", Optional.empty(), Set.of(), false);
        LimitsSource limits = caller -> CompletableFuture.completedFuture(new LimitsSource.CallerLimits(
                new Limits(Optional.of(new Budget(1_000_000, BudgetPeriod.DAILY)), OptionalInt.empty(),
                        OptionalInt.empty()), Limits.NONE));
        Gateway gateway = builder(new Answers(withUsage(FakeProviders.completion("Hi"))), OptionalInt.empty())
                .admission(new QuotaAdmission(limits, new LocalQuotas(ticker, SpendSource.NONE, Runnable::run), ticker))
                .build();

        chat(gateway, new RequestContext("req_1", app, Runnable::run, Cancellation.create(), ticker.nanos()), ask(LONG));

        assertThat(asideTasks).hasValue(1);
    }

    @Test
    void aCountThatCannotGoAsideFailsTheRequestWithA500InsteadOfLeavingItUnanswered() {
        // an aside executor that refuses work, as a closing server's does
        TokenCounter refusing = new TokenCounter(task -> {
            throw new RejectedExecutionException("the executor is shut down");
        });
        List<RequestLog> recorded = new CopyOnWriteArrayList<>();
        Gateway gateway = builder(new Answers(FakeProviders.completion("Hi")), OptionalInt.empty()).tokens(refusing)
                .recorder(log -> {
                    recorded.add(log);
                    return CompletableFuture.completedFuture(null);
                })
                .build();

        assertThat(gateway.chat(FakeProviders.context(ticker), ask(LONG)).toCompletableFuture())
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(GatewayException.class, error -> {
                    assertThat(error.status()).isEqualTo(500);
                    assertThat(error.error().code()).isEqualTo("internal_error");
                    assertThat(error.error().message()).contains("RejectedExecutionException");
                });
        assertThat(recorded).singleElement().satisfies(log -> assertThat(log.status()).isEqualTo(500));

        // a stream whose long prompt must be counted at its end: the error ends it, nothing hangs
        Gateway streaming = builder(new Answers(FakeProviders.completion("unused")), OptionalInt.empty())
                .tokens(refusing).build();
        assertThatThrownBy(() -> assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> FakeProviders.stream(streaming, FakeProviders.context(ticker), streamed(LONG))))
                .hasRootCauseInstanceOf(GatewayException.class)
                .rootCause().hasMessageContaining("RejectedExecutionException");
    }

    private ChatCompletion chat(Gateway gateway, RequestContext context, ChatCompletionRequest request) {
        ChatCompletion answer = gateway.chat(context, request).toCompletableFuture().join().body();
        assertThat(answer.usage()).isNotNull();
        return answer;
    }

    private static int promptTokens(ChatCompletionRequest request) {
        return INLINE.countChatPrompt("m", request.messages(), request.tools());
    }

    private static ChatCompletionRequest ask(String text) {
        return ChatCompletionRequest.of("m", List.of(ChatMessage.user(text)));
    }

    private static ChatCompletionRequest streamed(String text) {
        String body = "{\"model\":\"m\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}".formatted(text);
        try {
            return Json.read(body.getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChatCompletion withUsage(ChatCompletion answer) {
        return answer.withUsage(new Usage(10, 1, 11, null, null, Map.of()));
    }

    private Gateway gateway(Provider supplier, OptionalInt contextWindow) {
        return builder(supplier, contextWindow).build();
    }

    private Gateway.Builder builder(Provider supplier, OptionalInt contextWindow) {
        DeploymentSpec deployment = new DeploymentSpec("s", "model-s",
                Prices.of(new BigDecimal("0.15"), new BigDecimal("0.60")), contextWindow, OptionalInt.empty(), 1,
                OptionalInt.empty());
        ModelSpec model = new ModelSpec("m", List.of(deployment), Timeouts.DEFAULTS, RoutingPolicy.FALLBACK,
                Retries.DEFAULTS, BreakerSettings.DEFAULTS, Optional.empty());
        return Gateway.builder(Catalog.of(List.of(), List.of(supplier), List.of(model)), ticker).tokens(tokens);
    }

    /** A supplier that answers with {@code answer}, and streams "Hi there" in two chunks with no usage. */
    private record Answers(ChatCompletion answer) implements Provider {

        @Override
        public String name() {
            return "s";
        }

        @Override
        public CompletionStage<ChatCompletion> chat(UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.completedFuture(answer);
        }

        @Override
        public CompletionStage<UpstreamStream<ChatCompletionChunk>> streamChat(
                UpstreamCall<ChatCompletionRequest> call) {
            return CompletableFuture.completedFuture(
                    FakeProviders.upstream(List.of(chunk("Hi", null), chunk(" there", "stop")), chunk -> new byte[0]));
        }

        private static ChatCompletionChunk chunk(String text, String finish) {
            return new ChatCompletionChunk("c", ChatCompletionChunk.OBJECT, 1, "m", List.of(
                    new ChatCompletionChunk.Choice(0, ChatCompletionChunk.Delta.content(text), finish, null, Map.of())),
                    null, null, null, Map.of());
        }
    }
}
