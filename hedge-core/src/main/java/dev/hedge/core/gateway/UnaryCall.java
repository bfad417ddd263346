package dev.hedge.core.gateway;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.resilience.DeploymentHealth;
import dev.hedge.core.time.Cancellable;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs a one-piece operation over a plan of deployments: each retryable failure moves on to the next
 * attempt ({@link Attempts} decides where and when), the first success is the answer. All state changes
 * happen on the request's executor.
 */
final class UnaryCall<Req, Res> {

    private final Exchange exchange;
    private final Attempts attempts;
    private final UnaryOperation<Req, Res> operation;
    private final Req request;
    private final Timeouts timeouts;
    private final CompletableFuture<Reply<Res>> result = new CompletableFuture<>();
    /** Attempts running now: one, or two while a hedge races the first. */
    private final java.util.List<Attempt> live = new java.util.ArrayList<>(2);
    private boolean answered;

    UnaryCall(Exchange exchange, Attempts attempts, UnaryOperation<Req, Res> operation, Req request,
            Timeouts timeouts) {
        this.exchange = exchange;
        this.attempts = attempts;
        this.operation = operation;
        this.request = request;
        this.timeouts = timeouts;
    }

    CompletableFuture<Reply<Res>> start() {
        exchange.execute(() -> attempt(null));
        return result;
    }

    private void attempt(@Nullable ProviderException previous) {
        attempts.next(previous, this::launch, this::fail);
    }

    private void launch(Deployment deployment, DeploymentHealth.Lease lease) {
        Attempt attempt = new Attempt(deployment, lease);
        live.add(attempt);
        attempt.begin();
        if (live.size() == 1) {
            attempt.hedgeTimer = attempts.hedgeLater(deployment, () -> !attempt.done && live.size() == 1, this::launch);
        }
    }

    private void fail(ProviderException last) {
        GatewayException error = GatewayErrors.from(last);
        exchange.finishFailed(error, () -> result.completeExceptionally(error));
    }

    private final class Attempt {
        private final Deployment deployment;
        private final DeploymentHealth.Lease lease;
        private final Cancellation cancellation = exchange.context().cancellation().child();
        private final long startNanos = exchange.ticker.nanos();
        private Cancellable totalTimer = Cancellable.NONE;
        private Cancellable hedgeTimer = Cancellable.NONE;
        private boolean done;

        Attempt(Deployment deployment, DeploymentHealth.Lease lease) {
            this.deployment = deployment;
            this.lease = lease;
        }

        void begin() {
            totalTimer = exchange.ticker.timeout(timeouts.total(), () -> exchange.execute(() -> timedOut()));
            UpstreamCall<Req> call = new UpstreamCall<>(
                    operation.forUpstream(request, deployment.spec().model()), exchange.context().requestId(),
                    cancellation, timeouts.connect());
            CompletableFuture<Relayed<Res>> answer;
            try {
                answer = operation.call(deployment.provider(), call).toCompletableFuture();
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((response, error) -> exchange.execute(() -> answered(response, error)));
        }

        private void timedOut() {
            if (done) {
                return;
            }
            ProviderException timeout = ProviderException.timeout(deployment.provider().name(),
                    "no answer within %s".formatted(timeouts.total()));
            cancellation.cancel("timed out");
            failed(timeout);
        }

        private void answered(@Nullable Relayed<Res> response, @Nullable Throwable error) {
            if (done) {
                return;
            }
            if (error != null || response == null) {
                failed(GatewayErrors.asProviderException(
                        error != null ? error : new IllegalStateException("no answer"), deployment.provider().name()));
                return;
            }
            done = true;
            UnaryCall.this.answered = true;
            live.remove(this);
            totalTimer.cancel();
            hedgeTimer.cancel();
            for (Attempt other : java.util.List.copyOf(live)) {
                other.lose();
            }
            long latency = exchange.ticker.elapsedNanos(startNanos);
            lease.end(DeploymentHealth.Verdict.SUCCESS, latency, -1);
            CompletableFuture<TokenUsage> usage = operation.usage(request, response.value()).toCompletableFuture();
            if (usage.isDone() && !usage.isCompletedExceptionally()) {
                served(response, latency, usage.join());
                return;
            }
            // counted off the loop (a long prompt or answer that came without usage); a count that failed fails the
            // request (Exchange.execute answers 500) rather than being made again on the loop
            usage.whenComplete((counted, failure) -> exchange.execute(() -> {
                if (failure != null) {
                    throw new IllegalStateException("counting the answer's tokens failed", failure);
                }
                served(response, latency, counted);
            }));
        }

        private void served(Relayed<Res> response, long latency, TokenUsage usage) {
            AttemptLog attempt = new AttemptLog(exchange.context().requestId(), exchange.attemptCount() + 1,
                    deployment, latency, OptionalLong.empty(), Optional.empty(), true, usage);
            Served served = new Served(deployment.id(), attempt.number(), exchange.route());
            Res body = operation.withUsage(response.value(), usage);
            // the supplier's bytes go to the client only with the answer they are of, not with one Hedge filled in
            Reply<Res> reply = new Reply<>(body, body == response.value() ? response.source() : null, served);
            exchange.finishServed(attempt, usage, OptionalLong.empty(), Optional.empty(), () -> result.complete(reply));
        }

        /** Another attempt answered first. */
        private void lose() {
            if (!done) {
                failed(ProviderException.cancelled(deployment.provider().name(), "lost the hedge race"));
                cancellation.cancel("lost the hedge race");
            }
        }

        private void failed(ProviderException failure) {
            done = true;
            live.remove(this);
            totalTimer.cancel();
            hedgeTimer.cancel();
            long latency = exchange.ticker.elapsedNanos(startNanos);
            lease.end(DeploymentHealth.judge(failure), latency, -1);
            exchange.attemptEnded(new AttemptLog(exchange.context().requestId(), exchange.attemptCount() + 1,
                    deployment, latency, OptionalLong.empty(), Optional.of(failure), false, TokenUsage.NONE));
            if (live.isEmpty() && !UnaryCall.this.answered) {
                attempt(failure);
            }
        }
    }
}
