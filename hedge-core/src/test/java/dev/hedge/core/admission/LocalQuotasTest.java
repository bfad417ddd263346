package dev.hedge.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.time.ManualTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalQuotasTest {

    private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");

    private final ManualTicker ticker = new ManualTicker(NOON);

    private static Quotas.BudgetLine budget(long limit, BudgetPeriod period, Instant now) {
        return new Quotas.BudgetLine("key:k1", "key 'app'", new Budget(limit, period), period.window(now));
    }

    private static Quotas.Claim claim(String id, Instant at, long worst, long tokens, List<Quotas.BudgetLine> budgets,
            List<Quotas.RateLine> rates) {
        return new Quotas.Claim(id, at, worst, tokens, budgets, rates);
    }

    private static Optional<GatewayException> refusal(java.util.concurrent.CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().join();
            return Optional.empty();
        } catch (CompletionException e) {
            return Optional.of((GatewayException) e.getCause());
        }
    }

    @Test
    void concurrentReservationsNeverExceedTheBudget() throws Exception {
        LocalQuotas quotas = new LocalQuotas(ticker, SpendSource.NONE, Runnable::run);
        Quotas.BudgetLine line = budget(1_000_000, BudgetPeriod.TOTAL, NOON);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger admitted = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = "r" + i;
            done.add(threads.submit(() -> {
                start.await();
                Quotas.Claim claim = claim(id, NOON, 7_000, 0, List.of(line), List.of());
                if (refusal(quotas.reserve(claim)).isEmpty()) {
                    admitted.incrementAndGet();
                    quotas.settle(claim, 3_000, 10);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        assertThat(quotas.committedMicroUsd(line)).isEqualTo(admitted.get() * 3_000L).isLessThanOrEqualTo(1_000_000);
        // refusals while others held reservations took nothing: one at a time, the rest of the budget is usable
        // until less than one worst case (7,000) is left
        for (int i = 0; refusal(quotas.reserve(claim("s" + i, NOON, 7_000, 0, List.of(line), List.of()))).isEmpty();
                i++) {
            quotas.settle(claim("s" + i, NOON, 7_000, 0, List.of(line), List.of()), 3_000, 10);
        }
        assertThat(quotas.committedMicroUsd(line)).isLessThanOrEqualTo(1_000_000).isGreaterThan(1_000_000 - 7_000);
    }

    @Test
    void refusalSaysWhatRanOutAndTakesNothing() {
        LocalQuotas quotas = new LocalQuotas(ticker, (scope, since) -> 9_000, Runnable::run);
        Quotas.BudgetLine line = budget(10_000, BudgetPeriod.DAILY, NOON);
        Quotas.RateLine rpm = new Quotas.RateLine("key:k1", "key 'app'", Quotas.RateKind.REQUESTS, 5);
        GatewayException refused = refusal(quotas.reserve(claim("a", NOON, 2_000, 0, List.of(line), List.of(rpm))))
                .orElseThrow();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.error().code()).isEqualTo("insufficient_quota");
        assertThat(refused.error().message()).contains("key 'app'", "$0.009", "$0.01 daily", "$0.002");
        // the refused claim's request slot was given back
        for (int i = 0; i < 5; i++) {
            assertThat(refusal(quotas.reserve(claim("b" + i, NOON, 0, 0, List.of(), List.of(rpm))))).isEmpty();
        }
    }

    @Test
    void settlingReleasesTheRestOfTheWorstCase() {
        LocalQuotas quotas = new LocalQuotas(ticker, SpendSource.NONE, Runnable::run);
        Quotas.BudgetLine line = budget(10_000, BudgetPeriod.MONTHLY, NOON);
        Quotas.Claim first = claim("a", NOON, 8_000, 0, List.of(line), List.of());
        assertThat(refusal(quotas.reserve(first))).isEmpty();
        assertThat(refusal(quotas.reserve(claim("b", NOON, 8_000, 0, List.of(line), List.of())))).isPresent();
        quotas.settle(first, 1_000, 0);
        assertThat(quotas.committedMicroUsd(line)).isEqualTo(1_000);
        assertThat(refusal(quotas.reserve(claim("c", NOON, 8_000, 0, List.of(line), List.of())))).isEmpty();
    }

    @Test
    void aNewDailyWindowStartsFromTheLedger() {
        LocalQuotas quotas = new LocalQuotas(ticker, (scope, since) -> since.equals(Instant.parse("2026-11-23T00:00:00Z"))
                ? 0 : 10_000, Runnable::run);
        assertThat(refusal(quotas.reserve(claim("a", NOON, 1, 0, List.of(budget(10_000, BudgetPeriod.DAILY, NOON)),
                List.of())))).isPresent();
        ticker.advance(Duration.ofHours(12));
        Instant tomorrow = ticker.now();
        assertThat(refusal(quotas.reserve(claim("b", tomorrow, 1, 0,
                List.of(budget(10_000, BudgetPeriod.DAILY, tomorrow)), List.of())))).isEmpty();
    }

    @Test
    void requestsPerMinuteHoldInAnySlidingMinuteWithRetryAfter() {
        LocalQuotas quotas = new LocalQuotas(ticker, SpendSource.NONE, Runnable::run);
        Quotas.RateLine rpm = new Quotas.RateLine("key:k1", "key 'app'", Quotas.RateKind.REQUESTS, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(refusal(quotas.reserve(claim("r" + i, ticker.now(), 0, 0, List.of(), List.of(rpm))))).isEmpty();
            ticker.advance(Duration.ofSeconds(10));
        }
        GatewayException refused = refusal(quotas.reserve(claim("r3", ticker.now(), 0, 0, List.of(), List.of(rpm))))
                .orElseThrow();
        assertThat(refused.error().code()).isEqualTo("rate_limit_exceeded");
        // the first request leaves the window 60 s after it came, 30 s from now
        assertThat(refused.retryAfter()).contains(Duration.ofSeconds(30));
        ticker.advance(Duration.ofSeconds(30));
        assertThat(refusal(quotas.reserve(claim("r4", ticker.now(), 0, 0, List.of(), List.of(rpm))))).isEmpty();
        assertThat(refusal(quotas.reserve(claim("r5", ticker.now(), 0, 0, List.of(), List.of(rpm))))).isPresent();
    }

    @Test
    void tokensPerMinuteCountTheEstimateUntilSettledThenTheActualTokens() {
        LocalQuotas quotas = new LocalQuotas(ticker, SpendSource.NONE, Runnable::run);
        Quotas.RateLine tpm = new Quotas.RateLine("team:ops", "team 'ops'", Quotas.RateKind.TOKENS, 1_000);
        Quotas.Claim big = claim("a", NOON, 0, 900, List.of(), List.of(tpm));
        assertThat(refusal(quotas.reserve(big))).isEmpty();
        assertThat(refusal(quotas.reserve(claim("b", NOON, 0, 200, List.of(), List.of(tpm))))).isPresent();
        quotas.settle(big, 0, 300);
        assertThat(refusal(quotas.reserve(claim("c", NOON, 0, 200, List.of(), List.of(tpm))))).isEmpty();
        assertThat(refusal(quotas.reserve(claim("d", NOON, 0, 600, List.of(), List.of(tpm))))).isPresent();
    }
}
