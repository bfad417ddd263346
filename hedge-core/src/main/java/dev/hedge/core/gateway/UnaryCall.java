package dev.hedge.core.gateway;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.time.Cancellable;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs a one-piece operation over a plan of deployments: each retryable failure moves on to the next
 * deployment, the first success is the answer. All state changes happen on the request's executor.
 */
final class UnaryCall<Req, Res> {

    private final Exchange exchange;
    private final List<Deployment> plan;
    private final UnaryOperation<Req, Res> operation;
    private final Req request;
    private final Timeouts timeouts;
    private final CompletableFuture<Reply<Res>> result = new CompletableFuture<>();
    private int next;

    UnaryCall(Exchange exchange, List<Deployment> plan, UnaryOperation<Req, Res> operation, Req request,
            Timeouts timeouts) {
        this.exchange = exchange;
        this.plan = plan;
        this.operation = operation;
        this.request = request;
        this.timeouts = timeouts;
    }

    CompletableFuture<Reply<Res>> start() {
        exchange.execute(() -> attempt(null));
        return result;
    }

    private void attempt(@Nullable ProviderException previous) {
        if (exchange.clientGone() || next >= plan.size()) {
            fail(previous != null ? previous
                    : ProviderException.cancelled("gateway", exchange.context().cancellation().reason()));
            return;
        }
        new Attempt(plan.get(next++)).begin();
    }

    private void fail(ProviderException last) {
        GatewayException error = GatewayErrors.from(last);
        exchange.finishFailed(error);
        result.completeExceptionally(error);
    }

    private final class Attempt {
        private final Deployment deployment;
        private final Cancellation cancellation = exchange.context().cancellation().child();
        private final long startNanos = exchange.ticker.nanos();
        private Cancellable totalTimer = Cancellable.NONE;
        private boolean done;

        Attempt(Deployment deployment) {
            this.deployment = deployment;
        }

        void begin() {
            totalTimer = exchange.ticker.schedule(timeouts.total(), () -> exchange.execute(() -> timedOut()));
            UpstreamCall<Req> call = new UpstreamCall<>(
                    operation.forUpstream(request, deployment.spec().model()), exchange.context().requestId(),
                    cancellation);
            CompletableFuture<Res> answer;
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

        private void answered(@Nullable Res response, @Nullable Throwable error) {
            if (done) {
                return;
            }
            if (error != null || response == null) {
                failed(GatewayErrors.asProviderException(
                        error != null ? error : new IllegalStateException("no answer"), deployment.provider().name()));
                return;
            }
            done = true;
            totalTimer.cancel();
            TokenUsage usage = operation.usage(request, response);
            long latency = exchange.ticker.elapsedNanos(startNanos);
            exchange.attemptEnded(new AttemptLog(exchange.context().requestId(), exchange.attemptCount() + 1,
                    deployment, latency, OptionalLong.empty(), Optional.empty(), true, usage));
            Served served = new Served(deployment.id(), exchange.attemptCount(), exchange.route());
            Reply<Res> reply = new Reply<>(operation.withUsage(response, usage), served);
            exchange.finishServed(deployment, usage, OptionalLong.empty(), Optional.empty())
                    .thenRun(() -> result.complete(reply));
        }

        private void failed(ProviderException failure) {
            done = true;
            totalTimer.cancel();
            exchange.attemptEnded(new AttemptLog(exchange.context().requestId(), exchange.attemptCount() + 1,
                    deployment, exchange.ticker.elapsedNanos(startNanos), OptionalLong.empty(),
                    Optional.of(failure), false, TokenUsage.NONE));
            if (failure.retryable()) {
                attempt(failure);
            } else {
                fail(failure);
            }
        }
    }
}
