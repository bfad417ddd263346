package dev.hedge.store;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.hedge.core.gateway.AttemptLog;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.Cost;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.router.RouteDecision;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One request as the ledger stores it: the values of its {@code ledger_requests} row and its
 * {@code ledger_attempts} rows, flat and priced. The journal writes it as one JSON line (by hand, in
 * {@link LedgerRowWriter}: the request's path pays for it; databind reads it back); the writer binds it.
 */
@JsonSerialize(using = LedgerRowWriter.class)
record LedgerRow(String requestId, long receivedAt, String day, String keyId, String keyName, @Nullable String team,
        String endpoint, String model, boolean stream, @Nullable String deployment, @Nullable String provider, int status,
        @Nullable String errorCode, TokenUsage usage, long costMicroUsd, long latencyMicros, @Nullable Long ttftMicros,
        int attemptCount, boolean failover, boolean clientGone, @Nullable String routeTier, @Nullable Double routeScore,
        @Nullable Double routeThreshold, @Nullable Integer routerRevision, String purpose, @Nullable String shadowOf,
        List<Attempt> attempts) {

    /** One row of {@code ledger_attempts}. */
    record Attempt(int number, String deployment, String provider, String outcome, @Nullable Integer upstreamStatus,
            boolean committed, TokenUsage usage, long costMicroUsd, long latencyMicros, @Nullable Long ttftMicros) {}

    static LedgerRow of(RequestLog r, LedgerWriter.Purpose purpose) {
        long cost = 0;
        List<Attempt> attempts = new ArrayList<>(r.attempts().size());
        for (AttemptLog a : r.attempts()) {
            long attemptCost = Cost.microUsd(a.usage(), a.deployment());
            cost += attemptCost;
            int status = a.failure().map(f -> f.status()).orElse(0);
            attempts.add(new Attempt(a.number(), a.deployment().id(), a.deployment().provider().name(),
                    a.failure().map(f -> f.kind().name().toLowerCase(Locale.ROOT)).orElse("ok"),
                    status > 0 ? status : null, a.committed(), a.usage(), attemptCost, a.latencyNanos() / 1000,
                    a.firstTokenNanos().isPresent() ? a.firstTokenNanos().getAsLong() / 1000 : null));
        }
        RouteDecision route = r.route().orElse(null);
        return new LedgerRow(r.requestId(), r.receivedAt().toEpochMilli(),
                LocalDate.ofInstant(r.receivedAt(), ZoneOffset.UTC).toString(), r.caller().keyId(),
                r.caller().keyName(), r.caller().team().orElse(null), r.endpoint().label(), r.model(), r.stream(),
                r.deployment().map(d -> d.id()).orElse(null), r.deployment().map(d -> d.provider().name()).orElse(null),
                r.status(), r.errorCode().orElse(null), r.usage(), cost, r.latencyNanos() / 1000,
                r.firstTokenNanos().isPresent() ? r.firstTokenNanos().getAsLong() / 1000 : null, r.attempts().size(),
                r.attempts().size() > 1 && r.deployment().isPresent(), r.clientGone(),
                route == null ? null : route.tier(), route == null ? null : route.score(),
                route == null ? null : route.threshold(), route == null ? null : route.routerRevision(),
                purpose.label(), purpose.shadowOf().orElse(null), attempts);
    }
}
