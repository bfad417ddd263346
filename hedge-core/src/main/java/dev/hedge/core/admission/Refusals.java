package dev.hedge.core.admission;

import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.metering.Cost;
import java.time.Duration;

/** The 429s admission answers, with messages that say what ran out and what to do. */
public final class Refusals {

    /** How long a client should wait at least before retrying after a rate-limit refusal. */
    static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private Refusals() {}

    /**
     * 429 {@code insufficient_quota}: the budget cannot cover the request's worst case.
     *
     * @param committedMicroUsd spent plus reserved by requests in flight
     */
    public static GatewayException budget(Quotas.BudgetLine line, long committedMicroUsd, long worstMicroUsd) {
        String message = ("Budget exceeded for %s: $%s of its $%s %s budget is spent or reserved by requests in "
                + "flight, and this request may cost up to $%s. Lower max_tokens, wait for the next period, or raise "
                + "the budget (hedge keys / the admin API).").formatted(line.label(), plain(committedMicroUsd),
                plain(line.budget().limitMicroUsd()), line.budget().period().configName(), plain(worstMicroUsd));
        return new GatewayException(429, new ErrorBody(message, ErrorType.INSUFFICIENT_QUOTA, null,
                "insufficient_quota"), null);
    }

    /** 429 {@code rate_limit_exceeded} with {@code Retry-After}. */
    public static GatewayException rate(Quotas.RateLine line, Duration retryAfter) {
        Duration wait = retryAfter.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : retryAfter;
        long seconds = (wait.toMillis() + 999) / 1000;
        String message = "Rate limit reached for %s: %d %s. Retry after %d s.".formatted(line.label(), line.limit(),
                line.kind().description(), seconds);
        return new GatewayException(429, new ErrorBody(message, ErrorType.RATE_LIMIT, null, "rate_limit_exceeded"),
                Duration.ofSeconds(seconds));
    }

    /** 503: the shared state (Redis) cannot be reached and admission is configured to fail closed. */
    public static GatewayException sharedStateDown(String why) {
        return new GatewayException(503, new ErrorBody("Budgets and rate limits cannot be checked right now (shared "
                + "state unavailable: " + why + "); the request was not sent upstream. Retry shortly.",
                ErrorType.OVERLOADED, null, "shared_state_unavailable"), Duration.ofSeconds(1));
    }

    private static String plain(long microUsd) {
        return Cost.usd(microUsd).stripTrailingZeros().toPlainString();
    }
}
