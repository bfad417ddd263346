package dev.hedge.store;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.gateway.AttemptLog;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.Cost;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.router.RouteDecision;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One request as the ledger stores it: the values of its {@code ledger_requests} row and its
 * {@code ledger_attempts} rows, flat and priced. The journal writes it as one JSON line (by hand, in
 * {@link JournalLine}: the request's path pays for it; databind reads it back); the writer binds it.
 */
record LedgerRow(String requestId, long receivedAt, String day, String keyId, String keyName, @Nullable String team,
        String endpoint, String model, boolean stream, @Nullable String deployment, @Nullable String provider, int status,
        @Nullable String errorCode, TokenUsage usage, long costMicroUsd, long latencyMicros, @Nullable Long ttftMicros,
        int attemptCount, boolean failover, boolean clientGone, @Nullable String routeTier, @Nullable Double routeScore,
        @Nullable Double routeThreshold, @Nullable Integer routerRevision, String purpose, @Nullable String shadowOf,
        List<Attempt> attempts) {

    /** One row of {@code ledger_attempts}. */
    record Attempt(int number, String deployment, String provider, String outcome, @Nullable Integer upstreamStatus,
            boolean committed, TokenUsage usage, long costMicroUsd, long latencyMicros, @Nullable Long ttftMicros) {}

    /**
     * The UTC day of the last row made, with its text: rows come in the order of their time, so nearly every row
     * takes the text of the one before instead of making a date and its string.
     */
    private record Day(long epochDay, String text) {}

    private static volatile Day lastDay = new Day(Long.MIN_VALUE, "");

    static LedgerRow of(RequestLog r, LedgerWriter.Purpose purpose) {
        long cost = 0;
        List<Attempt> attempts = new ArrayList<>(r.attempts().size());
        for (AttemptLog a : r.attempts()) {
            long attemptCost = Cost.microUsd(a.usage(), a.deployment());
            cost += attemptCost;
            ProviderException failure = a.failure().orElse(null);
            int status = failure == null ? 0 : failure.status();
            attempts.add(new Attempt(a.number(), a.deployment().id(), a.deployment().provider().name(),
                    failure == null ? "ok" : failure.kind().name().toLowerCase(Locale.ROOT),
                    status > 0 ? status : null, a.committed(), a.usage(), attemptCost, a.latencyNanos() / 1000,
                    a.firstTokenNanos().isPresent() ? a.firstTokenNanos().getAsLong() / 1000 : null));
        }
        RouteDecision route = r.route().orElse(null);
        Deployment deployment = r.deployment().orElse(null);
        long receivedAt = r.receivedAt().toEpochMilli();
        return new LedgerRow(r.requestId(), receivedAt, day(receivedAt), r.caller().keyId(), r.caller().keyName(),
                r.caller().team().orElse(null), r.endpoint().label(), r.model(), r.stream(),
                deployment == null ? null : deployment.id(), deployment == null ? null : deployment.provider().name(),
                r.status(), r.errorCode().orElse(null), r.usage(), cost, r.latencyNanos() / 1000,
                r.firstTokenNanos().isPresent() ? r.firstTokenNanos().getAsLong() / 1000 : null, r.attempts().size(),
                r.attempts().size() > 1 && deployment != null, r.clientGone(),
                route == null ? null : route.tier(), route == null ? null : route.score(),
                route == null ? null : route.threshold(), route == null ? null : route.routerRevision(),
                purpose.label(), purpose.shadowOf().orElse(null), attempts);
    }

    /** The UTC day of {@code epochMilli} as {@code yyyy-MM-dd} ({@link LocalDate#toString}). */
    static String day(long epochMilli) {
        long epochDay = Math.floorDiv(epochMilli, 86_400_000L);
        Day last = lastDay;
        if (last.epochDay() != epochDay) {
            last = new Day(epochDay, LocalDate.ofEpochDay(epochDay).toString());
            lastDay = last;
        }
        return last.text();
    }
}
