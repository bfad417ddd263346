package dev.hedge.core.gateway;

import dev.hedge.core.admission.Admission;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.router.RouteDecision;
import dev.hedge.core.time.Ticker;
import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gateway's state for one request while it runs, touched only on the request's executor. Finishing it
 * reports the request to the listener and settles its admission ticket, exactly once.
 */
final class Exchange {

    /** Reported for a request whose client left before the answer was complete (nginx's convention). */
    static final int CLIENT_CLOSED_REQUEST = 499;

    final RequestContext context;
    final Endpoint endpoint;
    final String model;
    final boolean stream;
    final Ticker ticker;
    private final GatewayListener listener;
    private final RequestRecorder recorder;
    private final Instant receivedAt;
    private final List<AttemptLog> attempts = new ArrayList<>();
    private Admission.Ticket ticket = Admission.Ticket.NONE;
    private boolean finished;
    private Optional<RouteDecision> route = Optional.empty();

    Exchange(RequestContext context, Endpoint endpoint, String model, boolean stream, Ticker ticker,
            GatewayListener listener, RequestRecorder recorder) {
        this.context = context;
        this.endpoint = endpoint;
        this.model = model;
        this.stream = stream;
        this.ticker = ticker;
        this.listener = listener;
        this.recorder = recorder;
        this.receivedAt = ticker.now();
    }

    RequestContext context() {
        return context;
    }

    /** Runs {@code task} on the request's executor. */
    void execute(Runnable task) {
        context.executor().execute(task);
    }

    void admitted(Admission.Ticket admittedTicket) {
        this.ticket = admittedTicket;
    }

    /** The quality router decided the plan. */
    void routed(RouteDecision decision) {
        this.route = Optional.of(decision);
    }

    Optional<RouteDecision> route() {
        return route;
    }

    int attemptCount() {
        return attempts.size();
    }

    boolean clientGone() {
        return context.cancellation().isCancelled();
    }

    void attemptEnded(AttemptLog attempt) {
        attempts.add(attempt);
        Listeners.safely(() -> listener.attemptEnd(attempt));
    }

    boolean isFinished() {
        return finished;
    }

    /** The request failed before anything reached the client. */
    void finishFailed(GatewayException error) {
        finish(clientGone() ? CLIENT_CLOSED_REQUEST : error.status(),
                Optional.of(error.error().code() != null ? error.error().code() : error.error().type()),
                null, TokenUsage.NONE, OptionalLong.empty());
    }

    /**
     * The request was answered (completely, or until a failure after commit).
     *
     * @param errorCode the error that ended a committed stream early, if any
     * @return completes on the request's executor once the request is on record; send the last byte then
     */
    CompletionStage<Void> finishServed(Deployment deployment, TokenUsage usage, OptionalLong firstTokenNanos,
            Optional<String> errorCode) {
        return finish(clientGone() ? CLIENT_CLOSED_REQUEST : 200, errorCode, deployment, usage, firstTokenNanos);
    }

    private CompletionStage<Void> finish(int status, Optional<String> errorCode, @Nullable Deployment deployment,
            TokenUsage usage, OptionalLong firstTokenNanos) {
        if (finished) {
            return CompletableFuture.completedFuture(null);
        }
        finished = true;
        RequestLog log = new RequestLog(context.requestId(), receivedAt, context.caller(), endpoint, model, stream,
                status, errorCode, Optional.ofNullable(deployment), attempts, usage,
                ticker.elapsedNanos(context.startNanos()), firstTokenNanos, clientGone(), route);
        Listeners.safely(() -> ticket.settle(log));
        Listeners.safely(() -> listener.requestEnd(log));
        CompletableFuture<Void> durable = new CompletableFuture<>();
        CompletionStage<Void> recorded;
        try {
            recorded = recorder.record(log);
        } catch (RuntimeException e) {
            recorded = CompletableFuture.failedFuture(e);
        }
        recorded.whenComplete((ignored, error) -> execute(() -> durable.complete(null)));
        return durable;
    }
}
