package dev.hedge.server.metrics;

import dev.hedge.core.admission.QuotaAdmission;
import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.metering.TokenUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Money and tokens by key: {@code hedge.cost} (micro-dollars, every attempt of a request, by public model,
 * deployment, key and team), {@code hedge.tokens} (by token class, model, deployment and key) and
 * {@code hedge.key.requests} (by key and HTTP status). Tag values are key names, never keys.
 */
public final class LedgerMetrics implements GatewayListener {

    private final MeterCache<Counter> requests;
    private final MeterCache<Counter> cost;
    private final MeterCache<Counter> tokens;

    public LedgerMetrics(MeterRegistry registry) {
        requests = new MeterCache<>(t -> Counter.builder("hedge.key.requests")
                .description("Requests by key and HTTP status")
                .tag("hedge.key", t.get(0))
                .tag("hedge.team", t.get(1))
                .tag("http.response.status_code", t.get(2))
                .register(registry));
        cost = new MeterCache<>(t -> Counter.builder("hedge.cost")
                .description("What requests cost, in micro-dollars (1 USD = 1e6), priced by the catalog")
                .baseUnit("microusd")
                .tag("gen_ai.request.model", t.get(0))
                .tag("hedge.deployment", t.get(1))
                .tag("hedge.key", t.get(2))
                .tag("hedge.team", t.get(3))
                .register(registry));
        tokens = new MeterCache<>(t -> Counter.builder("hedge.tokens")
                .description("Tokens by class, model, deployment and key")
                .baseUnit("tokens")
                .tag("gen_ai.token.type", t.get(0))
                .tag("gen_ai.request.model", t.get(1))
                .tag("hedge.deployment", t.get(2))
                .tag("hedge.key", t.get(3))
                .register(registry));
    }

    @Override
    public void requestEnd(RequestLog request) {
        String key = request.caller().keyName();
        String team = request.caller().team().orElse("");
        String deployment = request.deployment().map(d -> d.id()).orElse("");
        requests.get(key, team, String.valueOf(request.status())).increment();
        long microUsd = QuotaAdmission.actualMicroUsd(request);
        if (microUsd > 0) {
            cost.get(request.model(), deployment, key, team).increment(microUsd);
        }
        TokenUsage usage = request.usage();
        tokens(request, key, deployment, "input", usage.input());
        tokens(request, key, deployment, "output", usage.output());
        tokens(request, key, deployment, "cached_input", usage.cachedInput());
        tokens(request, key, deployment, "cache_write", usage.cacheWrite());
        tokens(request, key, deployment, "reasoning", usage.reasoning());
    }

    private void tokens(RequestLog request, String key, String deployment, String type, long count) {
        if (count > 0) {
            tokens.get(type, request.model(), deployment, key).increment(count);
        }
    }
}
