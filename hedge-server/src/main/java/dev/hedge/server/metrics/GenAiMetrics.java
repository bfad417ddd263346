package dev.hedge.server.metrics;

import dev.hedge.core.gateway.AttemptLog;
import dev.hedge.core.gateway.GatewayListener;
import dev.hedge.core.gateway.RequestLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Request and attempt metrics, with OpenTelemetry GenAI names: {@code gen_ai.server.request.duration},
 * {@code gen_ai.server.time_to_first_token}, {@code gen_ai.client.token.usage} and
 * {@code gen_ai.client.operation.duration} (per upstream attempt), plus {@code hedge.requests} and
 * {@code hedge.upstream.attempts} counters by outcome.
 */
public final class GenAiMetrics implements GatewayListener {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120)
    };
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576};

    private final MeterCache<Counter> attempts;
    private final MeterCache<Timer> attemptDurations;
    private final MeterCache<Counter> requests;
    private final MeterCache<Timer> requestDurations;
    private final MeterCache<Timer> firstTokens;
    private final MeterCache<DistributionSummary> tokens;

    public GenAiMetrics(MeterRegistry registry) {
        attempts = new MeterCache<>(t -> Counter.builder("hedge.upstream.attempts")
                .description("Upstream attempts by deployment and outcome")
                .tag("gen_ai.provider.name", t.get(0))
                .tag("hedge.deployment", t.get(1))
                .tag("outcome", t.get(2))
                .register(registry));
        attemptDurations = new MeterCache<>(t -> Timer.builder("gen_ai.client.operation.duration")
                .description("Duration of upstream calls")
                .tag("gen_ai.provider.name", t.get(0))
                .tag("gen_ai.request.model", t.get(1))
                .tag("error.type", t.get(2))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
        requests = new MeterCache<>(t -> Counter.builder("hedge.requests")
                .description("Requests by public model, deployment and HTTP status")
                .tag("gen_ai.operation.name", t.get(0))
                .tag("gen_ai.request.model", t.get(1))
                .tag("hedge.deployment", t.get(2))
                .tag("http.response.status_code", t.get(3))
                .register(registry));
        requestDurations = new MeterCache<>(t -> Timer.builder("gen_ai.server.request.duration")
                .description("Time to the last byte of the answer")
                .tag("gen_ai.operation.name", t.get(0))
                .tag("gen_ai.request.model", t.get(1))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
        firstTokens = new MeterCache<>(t -> Timer.builder("gen_ai.server.time_to_first_token")
                .description("Time to the first content of a streamed answer")
                .tag("gen_ai.request.model", t.get(0))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry));
        tokens = new MeterCache<>(t -> DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Tokens per request")
                .baseUnit("tokens")
                .tag("gen_ai.token.type", t.get(0))
                .tag("gen_ai.request.model", t.get(1))
                .tag("hedge.deployment", t.get(2))
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry));
    }

    @Override
    public void attemptEnd(AttemptLog attempt) {
        String outcome = attempt.failure().map(f -> f.kind().name().toLowerCase(java.util.Locale.ROOT)).orElse("ok");
        String provider = attempt.deployment().provider().name();
        attempts.get(provider, attempt.deployment().id(), outcome).increment();
        attemptDurations.get(provider, attempt.deployment().spec().model(), attempt.failure().isPresent() ? outcome : "")
                .record(attempt.latencyNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void requestEnd(RequestLog request) {
        String deployment = request.deployment().map(d -> d.id()).orElse("");
        String operation = request.endpoint().label();
        requests.get(operation, request.model(), deployment, String.valueOf(request.status())).increment();
        requestDurations.get(operation, request.model()).record(request.latencyNanos(), TimeUnit.NANOSECONDS);
        request.firstTokenNanos().ifPresent(ttft -> firstTokens.get(request.model()).record(ttft, TimeUnit.NANOSECONDS));
        if (request.deployment().isPresent()) {
            tokens.get("input", request.model(), deployment).record(request.usage().input());
            tokens.get("output", request.model(), deployment).record(request.usage().output());
        }
    }
}
