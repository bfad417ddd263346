package dev.hedge.core.resilience;

import dev.hedge.core.catalog.BreakerSettings;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.Ticker;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What Hedge knows about one deployment right now: its circuit breaker, calls in flight (bounded by
 * {@code max-concurrency}), recent latency and time to first token, and recent error rate. Every call takes
 * a {@link Lease} first and ends it exactly once when the call has really finished. Lock-free, thread-safe.
 */
public final class DeploymentHealth {

    private static final int SAMPLES = 256;
    private static final double EWMA_WEIGHT = 0.3;

    /** What an ended call says about the deployment. */
    public enum Verdict {
        /** It answered (also a 4xx the request itself caused). */
        SUCCESS,
        /** It failed: connection, timeout, 5xx, a broken or unreadable answer. */
        FAILURE,
        /** Nothing: the call was cancelled or rate limited. */
        NEUTRAL
    }

    private final String id;
    private final String provider;
    private final String model;
    private final OptionalInt maxConcurrency;
    private final CircuitBreaker breaker;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong ewmaBits = new AtomicLong(Double.doubleToRawLongBits(-1));
    private final RecentSamples latency = new RecentSamples(SAMPLES);
    private final RecentSamples firstToken = new RecentSamples(SAMPLES);
    private final RecentSamples outcomes = new RecentSamples(100);

    DeploymentHealth(Deployment deployment, BreakerSettings settings, Ticker ticker) {
        this.id = deployment.id();
        this.provider = deployment.provider().name();
        this.model = deployment.spec().model();
        this.maxConcurrency = deployment.spec().maxConcurrency();
        this.breaker = CircuitBreaker.of(settings, ticker);
    }

    /** What a failed call says about the deployment. */
    public static Verdict judge(ProviderException failure) {
        return switch (failure.kind()) {
            case CANCELLED, UNSUPPORTED -> Verdict.NEUTRAL;
            case CONNECT, IO, TIMEOUT, PROTOCOL -> Verdict.FAILURE;
            case HTTP_STATUS, STREAM_ERROR -> failure.status() == 429 ? Verdict.NEUTRAL
                    : failure.retryable() ? Verdict.FAILURE : Verdict.SUCCESS;
        };
    }

    public String id() {
        return id;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** Whether the breaker refuses calls now (it will let probes through once its wait is over). */
    public boolean tripped() {
        return breaker.state() == CircuitBreaker.State.OPEN;
    }

    /** Whether the deployment is at its {@code max-concurrency}. */
    public boolean full() {
        return maxConcurrency.isPresent() && inFlight.get() >= maxConcurrency.getAsInt();
    }

    /** Recent latency (EWMA of time to first token for streams, of the whole answer otherwise); -1 if unknown. */
    public double latencyEwmaNanos() {
        return Double.longBitsToDouble(ewmaBits.get());
    }

    /**
     * Takes a slot and the breaker's permission for one call.
     *
     * @return empty when the deployment is at its concurrency limit or its breaker refuses
     */
    public Optional<Lease> tryAcquire() {
        if (!takeSlot()) {
            return Optional.empty();
        }
        Optional<CircuitBreaker.Permit> permit = breaker.tryAcquirePermission();
        if (permit.isEmpty()) {
            inFlight.decrementAndGet();
            rejected.incrementAndGet();
            return Optional.empty();
        }
        return Optional.of(new Lease(permit.get()));
    }

    /**
     * Takes a slot without asking the breaker, for panic routing: when every deployment of a request is
     * tripped, trying one beats refusing the request. The call's outcome is counted in the stats but does not
     * move the breaker, which recovers through its own probes.
     *
     * @return empty when the deployment is at its concurrency limit
     */
    public Optional<Lease> tryAcquireIgnoringBreaker() {
        return takeSlot() ? Optional.of(new Lease(null)) : Optional.empty();
    }

    private boolean takeSlot() {
        if (maxConcurrency.isPresent()) {
            int limit = maxConcurrency.getAsInt();
            while (true) {
                int now = inFlight.get();
                if (now >= limit) {
                    rejected.incrementAndGet();
                    return false;
                }
                if (inFlight.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }
        inFlight.incrementAndGet();
        return true;
    }

    public DeploymentStats stats() {
        long n = Math.min(calls.get(), 100);
        double errorRate = n == 0 ? 0 : outcomes.mean(n);
        return new DeploymentStats(id, provider, model, breaker.state(), inFlight.get(), maxConcurrency,
                calls.get(), failures.get(), rejected.get(), errorRate,
                millis(latency.quantile(0.5)), millis(latency.quantile(0.95)),
                millis(firstToken.quantile(0.5)), millis(firstToken.quantile(0.95)),
                latencyEwmaNanos() < 0 ? -1 : latencyEwmaNanos() / 1e6);
    }

    /** The recent p95 time to first token (streams) or latency, if there were calls. */
    public Optional<java.time.Duration> p95() {
        long value = firstToken.quantile(0.95);
        if (value < 0) {
            value = latency.quantile(0.95);
        }
        return value < 0 ? Optional.empty() : Optional.of(java.time.Duration.ofNanos(value));
    }

    private static double millis(long nanos) {
        return nanos < 0 ? -1 : nanos / 1e6;
    }

    private void updateEwma(long sample) {
        while (true) {
            long bits = ewmaBits.get();
            double now = Double.longBitsToDouble(bits);
            double next = now < 0 ? sample : now + EWMA_WEIGHT * (sample - now);
            if (ewmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    /** One call's hold on the deployment; end it exactly once (later ends do nothing). */
    public final class Lease {
        private final CircuitBreaker.@Nullable Permit permit;
        private final AtomicBoolean ended = new AtomicBoolean();

        private Lease(CircuitBreaker.@Nullable Permit permit) {
            this.permit = permit;
        }

        /**
         * The call is over.
         *
         * @param latencyNanos from sending to the end of the answer or the failure
         * @param firstTokenNanos from sending to the first content of a stream; negative when there was none
         */
        public void end(Verdict verdict, long latencyNanos, long firstTokenNanos) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            inFlight.decrementAndGet();
            switch (verdict) {
                case SUCCESS -> {
                    if (permit != null) {
                        permit.onSuccess();
                    }
                    calls.incrementAndGet();
                    outcomes.record(0);
                    latency.record(latencyNanos);
                    if (firstTokenNanos >= 0) {
                        firstToken.record(firstTokenNanos);
                    }
                    updateEwma(firstTokenNanos >= 0 ? firstTokenNanos : latencyNanos);
                }
                case FAILURE -> {
                    if (permit != null) {
                        permit.onFailure();
                    }
                    calls.incrementAndGet();
                    failures.incrementAndGet();
                    outcomes.record(1);
                }
                case NEUTRAL -> {
                    if (permit != null) {
                        permit.release();
                    }
                }
            }
        }
    }
}
