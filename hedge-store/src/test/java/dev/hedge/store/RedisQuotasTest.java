package dev.hedge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.admission.Budget;
import dev.hedge.core.admission.BudgetPeriod;
import dev.hedge.core.admission.Quotas;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.time.ManualTicker;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Budgets and limits in the real Redis on 127.0.0.1:6379, under a random key prefix removed afterwards. */
class RedisQuotasTest {

    private static final String URL = "redis://127.0.0.1:6379";
    private static final Instant NOON = Instant.parse("2026-11-22T12:00:00Z");
    private static final String PREFIX = "hedge-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        Redis redis = Redis.createClient(vertx, URL);
        Response keys = redis.send(Request.cmd(Command.KEYS).arg(PREFIX + "*")).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        if (keys != null && keys.size() > 0) {
            Request del = Request.cmd(Command.DEL);
            keys.forEach(key -> del.arg(key.toString()));
            redis.send(del).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static RedisQuotas quotas(String url, boolean failOpen, ManualTicker ticker, long alreadySpent) {
        return new RedisQuotas(vertx, url, PREFIX, failOpen, Duration.ofSeconds(10), ticker,
                (scope, since) -> alreadySpent, Runnable::run);
    }

    private static Optional<GatewayException> refusal(CompletionStage<Void> stage) {
        try {
            stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException e) {
            return Optional.of((GatewayException) e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Quotas.BudgetLine budget(String scope, long limit) {
        return new Quotas.BudgetLine(scope, "key 'shared'", new Budget(limit, BudgetPeriod.DAILY),
                BudgetPeriod.DAILY.window(NOON));
    }

    @Test
    void twoProcessesShareOneBudgetSeededFromTheLedger() throws Exception {
        ManualTicker ticker = new ManualTicker(NOON);
        String scope = "key:" + UUID.randomUUID();
        // two clients stand for two processes; the ledger says 4,000 of the 10,000 are already spent
        try (RedisQuotas a = quotas(URL, false, ticker, 4_000); RedisQuotas b = quotas(URL, false, ticker, 4_000)) {
            Quotas.BudgetLine line = budget(scope, 10_000);
            List<Quotas.Claim> claims = new ArrayList<>();
            List<CompletableFuture<Optional<GatewayException>>> all = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RedisQuotas via = i % 2 == 0 ? a : b;
                Quotas.Claim claim = new Quotas.Claim("r" + i, NOON, 500, 0, List.of(line), List.of());
                claims.add(claim);
                all.add(CompletableFuture.supplyAsync(() -> refusal(via.reserve(claim))));
            }
            List<Quotas.Claim> admitted = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (all.get(i).join().isEmpty()) {
                    admitted.add(claims.get(i));
                }
            }
            assertThat(admitted).hasSize(12); // (10,000 − 4,000) / 500
            assertThat(a.committedMicroUsd(line).toCompletableFuture().get()).isEqualTo(10_000);
            // settling releases the rest: each admitted request really cost 100
            admitted.forEach(claim -> b.settle(claim, 100, 0));
            long expected = 4_000 + 12 * 100L;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (a.committedMicroUsd(line).toCompletableFuture().get() != expected && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(a.committedMicroUsd(line).toCompletableFuture().get()).isEqualTo(expected);
        }
    }

    @Test
    void refusalNamesTheBudgetAndTakesNothingFromTheRateLimit() {
        ManualTicker ticker = new ManualTicker(NOON);
        String scope = "key:" + UUID.randomUUID();
        try (RedisQuotas quotas = quotas(URL, false, ticker, 0)) {
            Quotas.RateLine rpm = new Quotas.RateLine(scope, "key 'shared'", Quotas.RateKind.REQUESTS, 2);
            GatewayException refused = refusal(quotas.reserve(new Quotas.Claim("big", NOON, 20_000, 0,
                    List.of(budget(scope, 10_000)), List.of(rpm)))).orElseThrow();
            assertThat(refused.error().code()).isEqualTo("insufficient_quota");
            assertThat(refused.error().message()).contains("key 'shared'", "$0.01 daily budget", "$0.02");
            assertThat(refusal(quotas.reserve(new Quotas.Claim("a", NOON, 0, 0, List.of(), List.of(rpm))))).isEmpty();
            assertThat(refusal(quotas.reserve(new Quotas.Claim("b", NOON, 0, 0, List.of(), List.of(rpm))))).isEmpty();
            GatewayException limited = refusal(quotas.reserve(new Quotas.Claim("c", NOON, 0, 0, List.of(),
                    List.of(rpm)))).orElseThrow();
            assertThat(limited.error().code()).isEqualTo("rate_limit_exceeded");
            assertThat(limited.retryAfter()).contains(Duration.ofSeconds(60));
            ticker.advance(Duration.ofSeconds(61));
            assertThat(refusal(quotas.reserve(new Quotas.Claim("d", ticker.now(), 0, 0, List.of(), List.of(rpm)))))
                    .isEmpty();
        }
    }

    @Test
    void unreachableRedisFailsClosedOrOpenAsConfiguredAndCounts() throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        ManualTicker ticker = new ManualTicker(NOON);
        Quotas.Claim claim = new Quotas.Claim("x", NOON, 1, 0, List.of(budget("key:k", 10)), List.of());
        try (RedisQuotas closed = quotas("redis://127.0.0.1:" + dead, false, ticker, 0)) {
            GatewayException refused = refusal(closed.reserve(claim)).orElseThrow();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.error().code()).isEqualTo("shared_state_unavailable");
            assertThat(refused.retryAfter()).isPresent();
            assertThat(closed.failures()).isEqualTo(1);
        }
        try (RedisQuotas open = quotas("redis://127.0.0.1:" + dead, true, ticker, 0)) {
            assertThat(refusal(open.reserve(claim))).isEmpty();
            assertThat(open.failures()).isEqualTo(1);
            open.settle(claim, 1, 0); // nothing was reserved, so nothing is settled (no second failure)
            assertThat(open.failures()).isEqualTo(1);
        }
    }
}
