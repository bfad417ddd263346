package dev.hedge.store;

import dev.hedge.core.admission.Quotas;
import dev.hedge.core.admission.Refusals;
import dev.hedge.core.admission.SpendSource;
import dev.hedge.core.time.Ticker;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets and rate limits shared by every Hedge process that uses the same Redis: each reservation and
 * settlement is one Lua script, so it is atomic across processes. A budget counter holds spent plus
 * reserved micro-dollars for one window; when a window's counter does not exist yet, it is seeded from the
 * ledger ({@link SpendSource}) with {@code SET NX}, so concurrent seeders agree. Rate limits are sliding
 * 60-second logs (a sorted set of request ids by time, their amounts in a hash).
 *
 * <p>When Redis cannot be reached (or does not answer within the timeout), a reservation fails with
 * 503 {@code shared_state_unavailable} if {@code failOpen} is false, or is let through unreserved if it is
 * true; either way it is logged and counted ({@link #failures()}).
 */
public final class RedisQuotas implements Quotas, AutoCloseable {

    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RedisQuotas.class);
    private static final Script RESERVE = Script.load("reserve.lua");
    private static final Script SETTLE = Script.load("settle.lua");

    /** A Lua script, sent by its SHA-1 ({@code EVALSHA}) once Redis has it. */
    private record Script(String text, String sha) {
        static Script load(String name) {
            String text = script(name);
            try {
                return new Script(text, java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Redis redis;
    private final String prefix;
    private final boolean failOpen;
    private final Duration timeout;
    private final Ticker ticker;
    private final SpendSource spend;
    private final Executor blocking;
    private final Set<String> unreserved = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> seeding = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param url {@code redis://host:port[/db]}
     * @param prefix put before every key (tests isolate themselves with a random one)
     * @param failOpen whether requests go through unreserved while Redis is unreachable
     * @param timeout how long an answer may take before Redis counts as unreachable
     */
    public RedisQuotas(Vertx vertx, String url, String prefix, boolean failOpen, Duration timeout, Ticker ticker,
            SpendSource spend, Executor blocking) {
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000).setMaxWaitingHandlers(100_000));
        this.prefix = prefix;
        this.failOpen = failOpen;
        this.timeout = timeout;
        this.ticker = ticker;
        this.spend = spend;
        this.blocking = blocking;
    }

    /** Reservations that met an unreachable Redis so far. */
    public long failures() {
        return failures.get();
    }

    @Override
    public CompletionStage<Void> reserve(Claim claim) {
        return attemptReserve(claim, 0).exceptionallyCompose(error -> {
            Throwable cause = unwrap(error);
            if (cause instanceof dev.hedge.core.gateway.GatewayException refusal) {
                return CompletableFuture.failedFuture(refusal);
            }
            failures.incrementAndGet();
            logFailure(cause);
            if (failOpen) {
                unreserved.add(claim.requestId());
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(Refusals.sharedStateDown(describe(cause)));
        });
    }

    private CompletableFuture<Void> attemptReserve(Claim claim, int seeded) {
        List<Object> keys = new java.util.ArrayList<>();
        claim.budgets().forEach(line -> keys.add(budgetKey(line)));
        claim.rates().forEach(line -> keys.add(rateKey(line)));
        List<Object> args = new java.util.ArrayList<>(List.of(claim.budgets().size(), claim.rates().size(),
                ticker.now().toEpochMilli(), claim.requestId(), claim.worstMicroUsd(), claim.estimatedTokens()));
        for (BudgetLine line : claim.budgets()) {
            args.add(line.budget().limitMicroUsd());
            args.add(ttlMillis(line));
        }
        for (RateLine line : claim.rates()) {
            args.add(line.kind() == RateKind.REQUESTS ? "r" : "t");
            args.add(line.limit());
        }
        return eval(RESERVE, keys, args).thenCompose(response -> {
            String verdict = response.get(0).toString();
            return switch (verdict) {
                case "ok" -> CompletableFuture.completedFuture((Void) null);
                case "init" -> {
                    if (seeded > claim.budgets().size()) {
                        throw new IllegalStateException("budget counters keep vanishing in Redis");
                    }
                    BudgetLine line = claim.budgets().get(response.get(1).toInteger() - 1);
                    yield seed(line).thenCompose(done -> attemptReserve(claim, seeded + 1));
                }
                case "budget" -> CompletableFuture.failedFuture(Refusals.budget(
                        claim.budgets().get(response.get(1).toInteger() - 1), response.get(2).toLong(),
                        claim.worstMicroUsd()));
                case "rate" -> CompletableFuture.failedFuture(Refusals.rate(
                        claim.rates().get(response.get(1).toInteger() - 1),
                        Duration.ofMillis(response.get(2).toLong())));
                default -> throw new IllegalStateException("unexpected answer from reserve.lua: " + response);
            };
        });
    }

    /**
     * Starts a budget window's counter at what the ledger says was spent in it; concurrent requests of this
     * process that find the same counter missing share one seeding.
     */
    private CompletableFuture<Void> seed(BudgetLine line) {
        String key = budgetKey(line);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> running = seeding.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        seedFromLedger(line).whenComplete((done, error) -> {
            seeding.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(null);
            }
        });
        return mine;
    }

    private CompletableFuture<Void> seedFromLedger(BudgetLine line) {
        return CompletableFuture.supplyAsync(() -> spend.spentMicroUsd(line.scope(), line.window().start()), blocking)
                .thenCompose(spent -> {
                    Request set = Request.cmd(Command.SET).arg(budgetKey(line)).arg(spent).arg("NX");
                    long ttl = ttlMillis(line);
                    if (ttl > 0) {
                        set.arg("PX").arg(ttl);
                    }
                    return send(set).thenApply(ignored -> (Void) null);
                });
    }

    @Override
    public void settle(Claim claim, long actualMicroUsd, long actualTokens) {
        if (unreserved.remove(claim.requestId())) {
            return;
        }
        List<RateLine> tokenLines = claim.rates().stream().filter(r -> r.kind() == RateKind.TOKENS).toList();
        if (claim.budgets().isEmpty() && tokenLines.isEmpty()) {
            return;
        }
        List<Object> keys = new java.util.ArrayList<>();
        claim.budgets().forEach(line -> keys.add(budgetKey(line)));
        tokenLines.forEach(line -> keys.add(rateKey(line)));
        eval(SETTLE, keys, List.of(claim.budgets().size(), tokenLines.size(), actualMicroUsd - claim.worstMicroUsd(),
                claim.requestId(), actualTokens)).whenComplete((ignored, error) -> {
            if (error != null) {
                failures.incrementAndGet();
                LOG.error("shared state: settling request {} failed; its budget keeps the worst case reserved "
                        + "until the window ends: {}", claim.requestId(), describe(error));
            }
        });
    }

    /** Spent plus reserved in a budget window, as Redis holds it; 0 when it has no counter yet. */
    public CompletionStage<Long> committedMicroUsd(BudgetLine line) {
        return send(Request.cmd(Command.GET).arg(budgetKey(line)))
                .thenApply(value -> value == null ? 0L : value.toLong());
    }

    @Override
    public void close() {
        redis.close();
    }

    /** Runs {@code script} by its SHA-1, loading it with {@code EVAL} when Redis does not have it yet. */
    private CompletableFuture<Response> eval(Script script, List<Object> keys, List<Object> args) {
        return send(evalRequest(Command.EVALSHA, script.sha(), keys, args))
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (String.valueOf(cause.getMessage()).startsWith("NOSCRIPT")) {
                        return send(evalRequest(Command.EVAL, script.text(), keys, args));
                    }
                    return CompletableFuture.failedFuture(cause);
                })
                .thenApply(response -> {
                    if (response == null) {
                        throw new IllegalStateException("Redis answered nothing to a script");
                    }
                    return response;
                });
    }

    private static Request evalRequest(Command command, String script, List<Object> keys, List<Object> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(key -> request.arg(String.valueOf(key)));
        args.forEach(arg -> request.arg(String.valueOf(arg)));
        return request;
    }

    private CompletableFuture<@Nullable Response> send(Request request) {
        return redis.send(request).toCompletionStage().toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private String budgetKey(BudgetLine line) {
        return prefix + "budget:" + line.scope() + ":" + line.window().id();
    }

    private String rateKey(RateLine line) {
        return prefix + "rate:" + line.scope() + ":" + line.kind().shortName();
    }

    /** Keeps a counter a day past its window's end; a total budget's counter never expires. */
    private long ttlMillis(BudgetLine line) {
        Instant end = line.window().end();
        if (end.getEpochSecond() > Instant.parse("9000-01-01T00:00:00Z").getEpochSecond()) {
            return 0;
        }
        return Math.max(1, Duration.between(ticker.now(), end).plusDays(1).toMillis());
    }

    private void logFailure(Throwable error) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_EVERY.toNanos()) && lastLogged.compareAndSet(last, now)) {
            LOG.warn("shared state (Redis) unreachable: {}; failing {} ({} failures so far)", describe(error),
                    failOpen ? "open: requests pass without budget or rate checks" : "closed: requests get 503",
                    failures.get());
        }
    }

    private String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String script(String name) {
        try (InputStream in = RedisQuotas.class.getResourceAsStream("redis/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the hedge-store jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
