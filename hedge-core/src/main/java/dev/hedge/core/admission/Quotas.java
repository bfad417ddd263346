package dev.hedge.core.admission;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where budgets and rate limits are counted: in this process ({@link LocalQuotas}) or shared by many
 * processes (Redis). A reservation either takes every line of a claim or none of them.
 */
public interface Quotas {

    /**
     * Reserves {@code claim}: its worst-case cost against each budget, one request and its estimated tokens
     * against each rate limit. Fails with a 429 {@link dev.hedge.core.gateway.GatewayException}
     * ({@code insufficient_quota} or {@code rate_limit_exceeded} with {@code Retry-After}) when any line does
     * not fit, having taken nothing.
     */
    CompletionStage<Void> reserve(Claim claim);

    /**
     * Replaces the reservation of an admitted claim with what the request really used: its cost stays spent,
     * the rest of the worst case is released, and its token count is corrected. Called once per admitted
     * claim; does not block.
     */
    void settle(Claim claim, long actualMicroUsd, long actualTokens);

    /**
     * What one request claims.
     *
     * @param worstMicroUsd the most it can cost
     * @param estimatedTokens what it counts against tokens-per-minute limits until it is settled
     */
    record Claim(String requestId, Instant at, long worstMicroUsd, long estimatedTokens, List<BudgetLine> budgets,
            List<RateLine> rates) {
        public Claim {
            budgets = List.copyOf(budgets);
            rates = List.copyOf(rates);
        }
    }

    /**
     * A budget to reserve from.
     *
     * @param scope the counter's name, {@code key:<id>} or {@code team:<name>}
     * @param label how a refusal names it, e.g. {@code key 'my-app'}
     */
    record BudgetLine(String scope, String label, Budget budget, BudgetPeriod.Window window) {}

    /** A rate limit: at most {@code limit} requests or tokens in any 60 seconds. */
    record RateLine(String scope, String label, RateKind kind, long limit) {}

    /** What a rate limit counts. */
    enum RateKind {
        REQUESTS("requests per minute", "rpm"),
        TOKENS("tokens per minute", "tpm");

        private final String description;
        private final String shortName;

        RateKind(String description, String shortName) {
            this.description = description;
            this.shortName = shortName;
        }

        public String description() {
            return description;
        }

        public String shortName() {
            return shortName;
        }
    }
}
