package dev.hedge.core.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Catalog;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.resilience.CircuitBreaker;
import dev.hedge.core.time.ManualTicker;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The attempt loop on an injected clock: failover, retries with backoff and Retry-After, budget, breakers, limits. */
class GatewayResilienceTest {

    private final ManualTicker ticker = new ManualTicker();
    private final FakeProviders.Scripted a = new FakeProviders.Scripted("a");
    private final FakeProviders.Scripted b = new FakeProviders.Scripted("b");

    private static final Retries RETRY_TWICE = new Retries(2, Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(10), 0.2, 10);
    private static final BreakerSettings TRIP_AFTER_TWO = new BreakerSettings(2, 100, 10, 10, Duration.ofSeconds(30), 1);

    private Gateway gateway(Retries retries, BreakerSettings breaker, DeploymentSpec... deployments) {
        ModelSpec model = new ModelSpec("m", List.of(deployments), Timeouts.DEFAULTS, RoutingPolicy.FALLBACK, retries,
                breaker, java.util.Optional.empty());
        // the lowest jitter every time: each backoff is exactly half of its exponential step
        return Gateway.builder(Catalog.of(List.of(), List.of(a, b), List.of(model)), ticker).random(() -> 0L).build();
    }

    private static DeploymentSpec on(String provider) {
        return DeploymentSpec.of(provider, "model-" + provider, Prices.UNKNOWN);
    }

    private static DeploymentSpec limited(String provider, OptionalInt contextWindow, OptionalInt maxConcurrency) {
        return new DeploymentSpec(provider, "model-" + provider, Prices.UNKNOWN, contextWindow, OptionalInt.empty(), 1,
                maxConcurrency);
    }

    private CompletableFuture<Reply<ChatCompletion>> chat(Gateway gateway) {
        return gateway.chat(FakeProviders.context(ticker), FakeProviders.hello("m")).toCompletableFuture();
    }

    private static GatewayException failure(CompletableFuture<?> result) {
        assertThat(result).isCompletedExceptionally();
        try {
            result.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return (GatewayException) e.getCause();
        }
    }

    private static ProviderException status(String provider, int status, Duration retryAfter) {
        return ProviderException.status(provider, status, null, retryAfter);
    }

    @Test
    void retriesAfterTheSuppliersRetryAfterWhenItIsLongerThanTheBackoff() {
        a.fails(status("a", 503, Duration.ofSeconds(2))).answers("ok");
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a")));

        assertThat(a.calls).hasSize(1);
        ticker.advance(Duration.ofMillis(1999));
        assertThat(a.calls).as("still waiting for Retry-After").hasSize(1);
        ticker.advance(Duration.ofMillis(1));
        assertThat(a.calls).hasSize(2);
        assertThat(result.join().served().attempts()).isEqualTo(2);
    }

    @Test
    void retriesWithExponentialBackoff() {
        a.fails(status("a", 500, null)).fails(status("a", 500, null)).answers("ok");
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a")));

        ticker.advance(Duration.ofMillis(49));
        assertThat(a.calls).as("the first backoff is half of 100ms").hasSize(1);
        ticker.advance(Duration.ofMillis(1));
        assertThat(a.calls).hasSize(2);
        ticker.advance(Duration.ofMillis(99));
        assertThat(a.calls).as("the second backoff is half of 200ms").hasSize(2);
        ticker.advance(Duration.ofMillis(1));
        assertThat(a.calls).hasSize(3);
        assertThat(result).isCompleted();
    }

    @Test
    void neverRetriesAFailureTheRequestCaused() {
        a.fails(status("a", 400, null));
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a"), on("b")));

        assertThat(failure(result).status()).isEqualTo(400);
        assertThat(a.calls).hasSize(1);
        assertThat(b.calls).as("a 4xx of the request's own making does not fail over").isEmpty();
        assertThat(ticker.pendingTasks()).isZero();
    }

    @Test
    void failsOverAtOnceThenRetriesRoundTheDeployments() {
        a.fails(status("a", 500, null)).answers("a again");
        b.fails(status("b", 502, null));
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a"), on("b")));

        assertThat(a.calls).hasSize(1);
        assertThat(b.calls).as("failover waits for nothing").hasSize(1);
        ticker.advance(Duration.ofMillis(50));
        assertThat(result.join().served()).isEqualTo(new Served("a/model-a", 3));
    }

    @Test
    void anEmptyRetryBudgetStopsRetries() {
        Retries noBudget = new Retries(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), 0, 0);
        a.fails(status("a", 500, null));
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(noBudget, BreakerSettings.DEFAULTS, on("a")));

        assertThat(failure(result).status()).isEqualTo(502);
        assertThat(a.calls).hasSize(1);
    }

    @Test
    void aDeploymentAskingForALongerWaitThanAllowedIsNotRetried() {
        a.fails(status("a", 429, Duration.ofMinutes(5)));
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a")));

        GatewayException error = failure(result);
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.retryAfter()).contains(Duration.ofMinutes(5));
        assertThat(a.calls).hasSize(1);
    }

    @Test
    void anOpenBreakerSendsRequestsStraightToTheBackupUntilAProbeMayTry() {
        Gateway gateway = gateway(Retries.DEFAULTS, TRIP_AFTER_TWO, on("a"), on("b"));
        a.fails(status("a", 500, null)).fails(ProviderException.connect("a", "refused", null));
        b.answers("1").answers("2").answers("3");
        chat(gateway).join();
        chat(gateway).join();
        assertThat(gateway.deployments().find("a/model-a").orElseThrow().breaker().state())
                .isEqualTo(CircuitBreaker.State.OPEN);

        assertThat(chat(gateway).join().served()).isEqualTo(new Served("b/model-b", 1));
        assertThat(a.calls).as("the open breaker kept the third request away").hasSize(2);

        ticker.advance(Duration.ofSeconds(30));
        a.answers("probe");
        assertThat(chat(gateway).join().served()).isEqualTo(new Served("a/model-a", 1));
        assertThat(gateway.deployments().find("a/model-a").orElseThrow().breaker().state())
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void whenEveryBreakerIsOpenTheFirstDeploymentIsTriedAnywayWithoutClosingItsBreaker() {
        Gateway gateway = gateway(Retries.DEFAULTS, new BreakerSettings(1, 100, 10, 10, Duration.ofSeconds(30), 1),
                on("a"), on("b"));
        a.fails(status("a", 500, null));
        b.fails(status("b", 500, null));
        assertThat(failure(chat(gateway)).status()).isEqualTo(502);

        a.answers("panic");
        assertThat(chat(gateway).join().served()).isEqualTo(new Served("a/model-a", 1));
        assertThat(gateway.deployments().find("a/model-a").orElseThrow().breaker().state())
                .as("a panic call does not judge the breaker").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.calls).hasSize(1);
    }

    @Test
    void withoutPanicEveryBreakerOpenMeans503WithRetryAfter() {
        Gateway gateway = gateway(Retries.DEFAULTS,
                new BreakerSettings(1, 100, 10, 10, Duration.ofSeconds(30), 1, false), on("a"));
        a.fails(status("a", 500, null));
        chat(gateway);

        GatewayException refused = failure(chat(gateway));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(refused.error().message()).contains("a/model-a: circuit open");
        assertThat(a.calls).hasSize(1);
    }

    @Test
    void rateLimitsAndTheRequestsOwnErrorsDoNotTripTheBreaker() {
        Gateway gateway = gateway(Retries.DEFAULTS, TRIP_AFTER_TWO, on("a"));
        a.fails(status("a", 429, null)).fails(status("a", 429, null)).fails(status("a", 400, null))
                .fails(status("a", 400, null));
        for (int i = 0; i < 4; i++) {
            chat(gateway);
        }
        assertThat(gateway.deployments().find("a/model-a").orElseThrow().breaker().state())
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aDeploymentAtItsConcurrencyLimitIsSkippedAndWithoutBackupTheAnswerIs503WithRetryAfter() {
        Gateway gateway = gateway(Retries.DEFAULTS, BreakerSettings.DEFAULTS,
                limited("a", OptionalInt.empty(), OptionalInt.of(1)));
        CompletableFuture<ChatCompletion> first = a.pending();
        CompletableFuture<Reply<ChatCompletion>> busy = chat(gateway);

        GatewayException refused = failure(chat(gateway));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).isPresent();
        assertThat(refused.error().message()).contains("a/model-a: at max-concurrency");
        assertThat(a.calls).hasSize(1);

        first.complete(FakeProviders.completion("done"));
        assertThat(busy.join().served().deployment()).isEqualTo("a/model-a");
        assertThat(gateway.deployments().find("a/model-a").orElseThrow().stats().inFlight()).isZero();
    }

    @Test
    void aPromptTooLongForADeploymentGoesToOneThatHoldsIt() {
        Gateway gateway = gateway(Retries.DEFAULTS, BreakerSettings.DEFAULTS,
                limited("a", OptionalInt.of(20), OptionalInt.empty()), on("b"));
        b.answers("long");
        a.answers("short");
        ChatCompletionRequest longPrompt = ChatCompletionRequest.of("m",
                List.of(ChatMessage.user("word ".repeat(100))));

        Reply<ChatCompletion> reply = gateway.chat(FakeProviders.context(ticker), longPrompt).toCompletableFuture().join();
        assertThat(reply.served().deployment()).isEqualTo("b/model-b");
        assertThat(chat(gateway).join().served().deployment()).isEqualTo("a/model-a");
    }

    @Test
    void aPromptTooLongForEveryDeploymentIsRefusedNamingTheWindow() {
        Gateway gateway = gateway(Retries.DEFAULTS, BreakerSettings.DEFAULTS,
                limited("a", OptionalInt.of(20), OptionalInt.empty()));
        ChatCompletionRequest longPrompt = ChatCompletionRequest.of("m",
                List.of(ChatMessage.user("word ".repeat(100))));

        GatewayException error = failure(gateway.chat(FakeProviders.context(ticker), longPrompt).toCompletableFuture());
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.error().code()).isEqualTo("context_length_exceeded");
        assertThat(error.error().message()).contains("largest: 20 tokens");
        assertThat(a.calls).isEmpty();
    }

    @Test
    void aClientLeavingDuringBackoffEndsTheRequestAndItsTimer() {
        a.fails(status("a", 500, null));
        RequestContext context = FakeProviders.context(ticker);
        CompletableFuture<Reply<ChatCompletion>> result = gateway(RETRY_TWICE, BreakerSettings.DEFAULTS, on("a"))
                .chat(context, FakeProviders.hello("m")).toCompletableFuture();
        assertThat(ticker.pendingTasks()).isEqualTo(1);

        context.cancellation().cancel("client disconnected");
        assertThat(failure(result).status()).isEqualTo(499);
        assertThat(ticker.pendingTasks()).isZero();
        assertThat(a.calls).hasSize(1);
    }

    private Gateway hedged(java.util.Optional<dev.hedge.core.catalog.Hedging> hedging, DeploymentSpec... deployments) {
        ModelSpec model = new ModelSpec("m", List.of(deployments), Timeouts.DEFAULTS, RoutingPolicy.FALLBACK,
                Retries.DEFAULTS, BreakerSettings.DEFAULTS, hedging);
        return Gateway.builder(Catalog.of(List.of(), List.of(a, b), List.of(model)), ticker).build();
    }

    @Test
    void aHedgeStartsAfterTheDelayAndTheFirstAnswerWinsWhileTheLoserIsCancelled() {
        Gateway gateway = hedged(java.util.Optional.of(dev.hedge.core.catalog.Hedging.after(Duration.ofMillis(500))),
                on("a"), on("b"));
        a.pending();
        b.answers("from b");
        CompletableFuture<Reply<ChatCompletion>> result = chat(gateway);

        ticker.advance(Duration.ofMillis(499));
        assertThat(b.calls).isEmpty();
        ticker.advance(Duration.ofMillis(1));
        assertThat(result.join().served()).isEqualTo(new Served("b/model-b", 2));
        assertThat(a.calls.getFirst().cancellation().isCancelled()).as("the loser is cancelled").isTrue();
        assertThat(gateway.deployments().stats()).allSatisfy(stats -> assertThat(stats.inFlight()).isZero());
        assertThat(ticker.pendingTasks()).isZero();
    }

    @Test
    void aHedgeOnP95WaitsForSamplesThenUsesTheDeploymentsRecentP95() {
        Gateway gateway = hedged(java.util.Optional.of(dev.hedge.core.catalog.Hedging.p95()), on("a"), on("b"));
        CompletableFuture<ChatCompletion> slow = a.pending();
        CompletableFuture<Reply<ChatCompletion>> first = chat(gateway);
        ticker.advance(Duration.ofMillis(300));
        slow.complete(FakeProviders.completion("slow"));
        assertThat(first.join().served().deployment()).as("no samples yet, so no hedge").isEqualTo("a/model-a");
        assertThat(b.calls).isEmpty();

        a.pending();
        b.answers("hedge");
        CompletableFuture<Reply<ChatCompletion>> second = chat(gateway);
        ticker.advance(Duration.ofMillis(299));
        assertThat(b.calls).isEmpty();
        ticker.advance(Duration.ofMillis(1));
        assertThat(second.join().served().deployment()).isEqualTo("b/model-b");
    }

    @Test
    void whenTheFirstAttemptAnswersBeforeTheDelayNoHedgeIsSent() {
        Gateway gateway = hedged(java.util.Optional.of(dev.hedge.core.catalog.Hedging.after(Duration.ofMillis(500))),
                on("a"), on("b"));
        a.answers("quick");
        assertThat(chat(gateway).join().served()).isEqualTo(new Served("a/model-a", 1));
        ticker.advance(Duration.ofSeconds(1));
        assertThat(b.calls).isEmpty();
        assertThat(ticker.pendingTasks()).isZero();
    }
}
