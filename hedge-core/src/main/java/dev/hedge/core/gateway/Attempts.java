package dev.hedge.core.gateway;

import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.Retries;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.resilience.Backoff;
import dev.hedge.core.resilience.DeploymentHealth;
import dev.hedge.core.resilience.DeploymentRegistry;
import dev.hedge.core.resilience.RetryBudget;
import dev.hedge.core.time.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Decides where one request's next attempt goes, shared by one-piece and streamed calls.
 *
 * <ol>
 *   <li>Failover: each deployment of the plan once, in order, skipping those whose breaker is open or that are
 *       at {@code max-concurrency}; no wait.
 *   <li>Retries ({@code retries.max} of them): round the plan again after an exponential backoff with jitter,
 *       never shorter than the deployment's {@code Retry-After}; a deployment that asked for more than
 *       {@code retries.max-retry-after} is not retried; each retry is paid from the model's retry budget.
 *   <li>A failure that is not retryable (a 4xx the request caused) ends the request at once.
 * </ol>
 *
 * <p>A hedge ({@link #hedgeLater}) takes the next deployment of the failover pass early, while an attempt still runs.
 *
 * <p>When every breaker of the plan is open, the first deployment with a free slot is tried anyway (panic
 * routing, unless {@code breaker.panic} is off). Otherwise, or when every deployment is at its concurrency limit, the request fails with 503 and
 * {@code Retry-After}.
 * Touched only on the request's executor.
 */
final class Attempts {

    /** What starts an attempt on a deployment whose lease was taken. */
    @FunctionalInterface
    interface Start {
        void start(Deployment deployment, DeploymentHealth.Lease lease);
    }

    private static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(1);

    private final Exchange exchange;
    private final RoutedModel model;
    private final List<Deployment> plan;
    private final DeploymentRegistry registry;
    private final RetryBudget budget;
    private final RandomGenerator random;
    private final Retries retries;
    private final Backoff backoff;
    private final Map<String, Duration> retryAfter = new HashMap<>();
    private final List<String> refusals = new ArrayList<>();
    private int firstPass;
    private int retriesUsed;
    private int cursor;
    private Cancellable waiting = Cancellable.NONE;

    Attempts(Exchange exchange, RoutedModel model, List<Deployment> plan, DeploymentRegistry registry,
            RetryBudget budget, RandomGenerator random) {
        this.exchange = exchange;
        this.model = model;
        this.plan = plan;
        this.registry = registry;
        this.budget = budget;
        this.random = random;
        this.retries = model.spec().retries();
        this.backoff = new Backoff(retries.initialBackoff(), retries.maxBackoff());
        budget.onRequest();
    }

    /**
     * Starts the next attempt with {@code start}, now or after a backoff, or gives up with {@code stop}.
     *
     * @param previous the failure of the last attempt; null before the first
     */
    void next(@Nullable ProviderException previous, Start start, Consumer<ProviderException> stop) {
        if (exchange.clientGone()) {
            stop.accept(cancelled(previous));
            return;
        }
        if (previous != null) {
            retryAfter.put(previous.provider(), previous.retryAfter().orElse(Duration.ZERO));
            if (!previous.retryable()) {
                stop.accept(previous);
                return;
            }
        }
        while (firstPass < plan.size()) {
            Deployment deployment = plan.get(firstPass++);
            if (tryStart(deployment, start)) {
                return;
            }
        }
        if (previous == null) {
            if (!model.spec().breaker().panic() || !panic(start)) {
                stop.accept(unavailable());
            }
            return;
        }
        Deployment again = retryCandidate();
        if (again == null || retriesUsed >= retries.max() || !budget.tryRetry()) {
            stop.accept(previous);
            return;
        }
        retriesUsed++;
        Duration delay = backoff.delay(retriesUsed, retryAfter.getOrDefault(again.provider().name(), Duration.ZERO), random);
        boolean[] fired = new boolean[1];
        Cancellable timer = exchange.ticker.schedule(delay, () -> exchange.execute(() -> {
            if (!fired[0]) {
                fired[0] = true;
                waiting = Cancellable.NONE;
                if (exchange.clientGone()) {
                    stop.accept(cancelled(previous));
                } else if (!tryStart(again, start)) {
                    next(previous, start, stop);
                }
            }
        }));
        Cancellable unlink = exchange.context().cancellation().onCancel(() -> exchange.execute(() -> {
            if (!fired[0]) {
                fired[0] = true;
                timer.cancel();
                stop.accept(cancelled(previous));
            }
        }));
        waiting = () -> {
            timer.cancel();
            unlink.cancel();
        };
    }

    /**
     * When to start a hedge beside an attempt on {@code first}: the model's fixed delay, or the deployment's
     * recent p95; empty when the model does not hedge, the p95 is not known yet, or no deployment is left.
     */
    private Optional<Duration> hedgeDelay(Deployment first) {
        if (firstPass >= plan.size()) {
            return Optional.empty();
        }
        return model.spec().hedging().flatMap(hedging -> hedging.after()
                .or(() -> registry.health(first, model.spec().breaker()).p95()));
    }

    /**
     * Schedules a hedge beside the attempt just started on {@code first}: after the hedge delay, if
     * {@code stillWaiting} holds, the next deployment not tried yet gets an attempt too.
     *
     * @return cancels the hedge; {@link Cancellable#NONE} when the model does not hedge now
     */
    Cancellable hedgeLater(Deployment first, java.util.function.BooleanSupplier stillWaiting, Start start) {
        Optional<Duration> delay = hedgeDelay(first);
        if (delay.isEmpty()) {
            return Cancellable.NONE;
        }
        return exchange.ticker.schedule(delay.get(), () -> exchange.execute(() -> {
            if (stillWaiting.getAsBoolean() && !exchange.clientGone()) {
                hedge(start);
            }
        }));
    }

    /** Starts a hedge on the next deployment not tried yet that takes a lease; false when there is none. */
    private boolean hedge(Start start) {
        while (firstPass < plan.size()) {
            if (tryStart(plan.get(firstPass++), start)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Panic routing (after Envoy's panic threshold): when no deployment could be tried only because every
     * breaker is open, the first one in plan order with a free slot is tried anyway — a tripped deployment may
     * have recovered, a refusal certainly fails. Concurrency limits still hold.
     */
    private boolean panic(Start start) {
        for (Deployment deployment : plan) {
            DeploymentHealth health = registry.health(deployment, model.spec().breaker());
            if (health.full()) {
                continue;
            }
            var lease = health.tryAcquireIgnoringBreaker();
            if (lease.isPresent()) {
                start.start(deployment, lease.get());
                return true;
            }
        }
        return false;
    }

    private boolean tryStart(Deployment deployment, Start start) {
        DeploymentHealth health = registry.health(deployment, model.spec().breaker());
        var lease = health.tryAcquire();
        if (lease.isEmpty()) {
            refusals.add("%s: %s".formatted(deployment.id(), health.full() ? "at max-concurrency" : "circuit open"));
            return false;
        }
        start.start(deployment, lease.get());
        return true;
    }

    /** The next deployment round the plan that may be retried: breaker not open, no long Retry-After. */
    private @Nullable Deployment retryCandidate() {
        for (int i = 0; i < plan.size(); i++) {
            Deployment deployment = plan.get(cursor++ % plan.size());
            Duration asked = retryAfter.getOrDefault(deployment.provider().name(), Duration.ZERO);
            if (asked.compareTo(retries.maxRetryAfter()) <= 0
                    && !registry.health(deployment, model.spec().breaker()).tripped()) {
                return deployment;
            }
        }
        return null;
    }

    private ProviderException cancelled(@Nullable ProviderException previous) {
        waiting.cancel();
        return previous != null && previous.kind() == ProviderException.Kind.CANCELLED ? previous
                : ProviderException.cancelled("gateway", exchange.context().cancellation().reason());
    }

    private ProviderException unavailable() {
        return ProviderException.status("hedge", 503, new ErrorBody(
                "no deployment of model '%s' can take the request now (%s); retry shortly"
                        .formatted(model.name(), String.join("; ", refusals)),
                ErrorType.OVERLOADED, null, "deployments_unavailable"), UNAVAILABLE_RETRY_AFTER);
    }
}
