package dev.hedge.core.admission;

import dev.hedge.core.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Budgets and rate limits counted inside this process: exact for one process, lock-free (compare-and-set on
 * atomic counters and immutable sliding logs), on the injected clock. A budget window's counter starts from
 * what the ledger says was spent in it ({@link SpendSource}, loaded once per window off the calling thread).
 * Several processes sharing one budget need the Redis implementation instead.
 */
public final class LocalQuotas implements Quotas {

    private final Ticker ticker;
    private final SpendSource spend;
    private final Executor blocking;
    private final ConcurrentHashMap<String, CompletableFuture<AtomicLong>> budgets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SlidingLog> rates = new ConcurrentHashMap<>();

    /**
     * @param spend where a budget window's counter starts
     * @param blocking where {@code spend} is asked (it blocks)
     */
    public LocalQuotas(Ticker ticker, SpendSource spend, Executor blocking) {
        this.ticker = ticker;
        this.spend = spend;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<Void> reserve(Claim claim) {
        List<CompletableFuture<AtomicLong>> counters = new ArrayList<>();
        for (BudgetLine line : claim.budgets()) {
            counters.add(budgets.computeIfAbsent(counterKey(line), key -> CompletableFuture.supplyAsync(
                    () -> new AtomicLong(spend.spentMicroUsd(line.scope(), line.window().start())), blocking)));
        }
        if (counters.stream().allMatch(CompletableFuture::isDone)) {
            return take(claim, counters);
        }
        return CompletableFuture.allOf(counters.toArray(CompletableFuture[]::new))
                .thenCompose(loaded -> take(claim, counters));
    }

    private CompletionStage<Void> take(Claim claim, List<CompletableFuture<AtomicLong>> counters) {
        long nowMillis = ticker.now().toEpochMilli();
        List<Runnable> undo = new ArrayList<>();
        for (RateLine line : claim.rates()) {
            SlidingLog log = rates.computeIfAbsent(rateKey(line), key -> new SlidingLog());
            Optional<Long> wait = log.tryAdd(nowMillis, claim.requestId(), amount(line, claim), line.limit());
            if (wait.isPresent()) {
                undo.forEach(Runnable::run);
                return CompletableFuture.failedFuture(Refusals.rate(line, Duration.ofMillis(wait.get())));
            }
            undo.add(() -> log.remove(claim.requestId()));
        }
        for (int i = 0; i < claim.budgets().size(); i++) {
            BudgetLine line = claim.budgets().get(i);
            AtomicLong committed = counters.get(i).join();
            long before = tryReserve(committed, claim.worstMicroUsd(), line.budget().limitMicroUsd());
            if (before >= 0) {
                undo.forEach(Runnable::run);
                return CompletableFuture.failedFuture(Refusals.budget(line, before, claim.worstMicroUsd()));
            }
            undo.add(() -> committed.addAndGet(-claim.worstMicroUsd()));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** @return -1 when reserved, else the committed amount that left no room */
    private static long tryReserve(AtomicLong committed, long worst, long limit) {
        while (true) {
            long current = committed.get();
            if (current + worst > limit) {
                return current;
            }
            if (committed.compareAndSet(current, current + worst)) {
                return -1;
            }
        }
    }

    @Override
    public void settle(Claim claim, long actualMicroUsd, long actualTokens) {
        for (BudgetLine line : claim.budgets()) {
            CompletableFuture<AtomicLong> counter = budgets.get(counterKey(line));
            if (counter != null && counter.isDone()) {
                counter.join().addAndGet(actualMicroUsd - claim.worstMicroUsd());
            }
        }
        for (RateLine line : claim.rates()) {
            if (line.kind() == RateKind.TOKENS) {
                SlidingLog log = rates.get(rateKey(line));
                if (log != null) {
                    log.correct(claim.requestId(), actualTokens);
                }
            }
        }
    }

    /** Spent plus reserved in the budget window of {@code line}, as this process counts it (for tests, metrics). */
    public long committedMicroUsd(BudgetLine line) {
        CompletableFuture<AtomicLong> counter = budgets.get(counterKey(line));
        return counter == null || !counter.isDone() ? 0 : counter.join().get();
    }

    private static long amount(RateLine line, Claim claim) {
        return line.kind() == RateKind.REQUESTS ? 1 : claim.estimatedTokens();
    }

    private static String counterKey(BudgetLine line) {
        return line.scope() + "|" + line.window().id();
    }

    private static String rateKey(RateLine line) {
        return line.scope() + "|" + line.kind().shortName();
    }
}
