package dev.hedge.app.providers;

import dev.hedge.providers.drift.Drift;
import dev.hedge.providers.drift.DriftListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift made visible: the counter {@code hedge.upstream.drift} ({@code hedge_upstream_drift_total} in
 * {@code /metrics}) tagged by provider, model, kind, field and action, and a log line the 1st, 10th, 100th, …
 * time each of those is seen (so a drifting supplier cannot flood the log). Vendor fields are unbounded in
 * principle: past {@value #MAX_SERIES} distinct series the field is tagged {@code other}.
 */
public final class DriftReporting implements DriftListener {

    static final int MAX_SERIES = 1000;
    private static final Logger LOG = LoggerFactory.getLogger("hedge.drift");

    private final MeterRegistry registry;
    private final Map<Drift, AtomicLong> seen = new ConcurrentHashMap<>();

    public DriftReporting(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDrift(Drift drift) {
        Drift series = new Drift(drift.provider(), drift.model(), drift.kind(), drift.field(), drift.action(), "");
        AtomicLong count = seen.get(series);
        if (count == null) {
            if (seen.size() >= MAX_SERIES) {
                series = new Drift(drift.provider(), drift.model(), drift.kind(), "other", drift.action(), "");
            }
            count = seen.computeIfAbsent(series, key -> new AtomicLong());
        }
        Counter.builder("hedge.upstream.drift")
                .description("Answers from a supplier that differed from the shape OpenAI clients expect")
                .tag("provider", series.provider())
                .tag("model", series.model())
                .tag("kind", series.kind().label())
                .tag("field", series.field())
                .tag("action", series.action().label())
                .register(registry)
                .increment();
        long n = count.incrementAndGet();
        if (isPowerOfTen(n)) {
            LOG.warn("drift provider={} model={} kind={} field={} action={} detail={} count={}", drift.provider(),
                    drift.model(), drift.kind().label(), drift.field(), drift.action().label(), drift.detail(), n);
        }
    }

    private static boolean isPowerOfTen(long n) {
        long p = 1;
        while (p < n) {
            p *= 10;
        }
        return p == n;
    }
}
