package dev.hedge.app;

import dev.hedge.app.config.HedgeConfig;
import dev.hedge.core.admission.Admission;
import dev.hedge.core.admission.LocalQuotas;
import dev.hedge.core.admission.QuotaAdmission;
import dev.hedge.core.admission.Quotas;
import dev.hedge.core.time.Ticker;
import dev.hedge.store.LedgerWriter;
import dev.hedge.store.RedisQuotas;
import dev.hedge.store.Store;
import dev.hedge.store.StoreLimitsSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Admission by budgets and rate limits, assembled from the configuration: counted in this process, or in
 * Redis when {@code shared-state} is set; limits read from the store. Registers the ledger's and the shared
 * state's meters.
 */
final class Budgets implements AutoCloseable {

    private final StoreLimitsSource limits;
    private final Admission admission;
    private final Optional<RedisQuotas> redis;

    private Budgets(StoreLimitsSource limits, Admission admission, Optional<RedisQuotas> redis) {
        this.limits = limits;
        this.admission = admission;
        this.redis = redis;
    }

    static Budgets start(HedgeConfig.SharedState shared, Store store, Vertx vertx, Ticker ticker, Executor blocking,
            MeterRegistry metrics) {
        StoreLimitsSource limits = new StoreLimitsSource(store.limits(), blocking);
        Optional<RedisQuotas> redis = shared.redisUrl().map(url -> new RedisQuotas(vertx, url, shared.prefix(),
                shared.failOpen(), shared.timeout(), ticker, store.limits(), blocking));
        Quotas quotas = redis.<Quotas>map(r -> r).orElseGet(() -> new LocalQuotas(ticker, store.limits(), blocking));
        redis.ifPresent(r -> FunctionCounter.builder("hedge.shared_state.failures", r, RedisQuotas::failures)
                .description("Admissions that could not reach the shared state (Redis); failing "
                        + (shared.failOpen() ? "open" : "closed"))
                .tag("hedge.failure_mode", shared.failOpen() ? "open" : "closed")
                .register(metrics));
        LedgerWriter ledger = store.ledger();
        FunctionCounter.builder("hedge.ledger.records", ledger, LedgerWriter::written)
                .description("Requests written to the ledger").register(metrics);
        FunctionCounter.builder("hedge.ledger.commits", ledger, LedgerWriter::batches)
                .description("Ledger transactions (group commits)").register(metrics);
        FunctionCounter.builder("hedge.ledger.failures", ledger, LedgerWriter::failed)
                .description("Requests the ledger gave up writing").register(metrics);
        return new Budgets(limits, new QuotaAdmission(limits, quotas, ticker), redis);
    }

    Admission admission() {
        return admission;
    }

    StoreLimitsSource limits() {
        return limits;
    }

    @Override
    public void close() {
        redis.ifPresent(RedisQuotas::close);
    }
}
