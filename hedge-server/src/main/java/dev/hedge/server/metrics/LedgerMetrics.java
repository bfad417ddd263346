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

    private final MeterRegistry registry;

    public LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void requestEnd(RequestLog request) {
        String key = request.caller().keyName();
        String team = request.caller().team().orElse("");
        String deployment = request.deployment().map(d -> d.id()).orElse("");
        Counter.builder("hedge.key.requests")
                .description("Requests by key and HTTP status")
                .tag("hedge.key", key)
                .tag("hedge.team", team)
                .tag("http.response.status_code", String.valueOf(request.status()))
                .register(registry)
                .increment();
        long cost = QuotaAdmission.actualMicroUsd(request);
        if (cost > 0) {
            Counter.builder("hedge.cost")
                    .description("What requests cost, in micro-dollars (1 USD = 1e6), priced by the catalog")
                    .baseUnit("microusd")
                    .tag("gen_ai.request.model", request.model())
                    .tag("hedge.deployment", deployment)
                    .tag("hedge.key", key)
                    .tag("hedge.team", team)
                    .register(registry)
                    .increment(cost);
        }
        TokenUsage usage = request.usage();
        tokens(request, key, deployment, "input", usage.input());
        tokens(request, key, deployment, "output", usage.output());
        tokens(request, key, deployment, "cached_input", usage.cachedInput());
        tokens(request, key, deployment, "cache_write", usage.cacheWrite());
        tokens(request, key, deployment, "reasoning", usage.reasoning());
    }

    private void tokens(RequestLog request, String key, String deployment, String type, long count) {
        if (count == 0) {
            return;
        }
        Counter.builder("hedge.tokens")
                .description("Tokens by class, model, deployment and key")
                .baseUnit("tokens")
                .tag("gen_ai.token.type", type)
                .tag("gen_ai.request.model", request.model())
                .tag("hedge.deployment", deployment)
                .tag("hedge.key", key)
                .register(registry)
                .increment(count);
    }
}
