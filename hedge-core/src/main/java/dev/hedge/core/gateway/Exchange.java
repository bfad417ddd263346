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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's state for one request while it runs, touched only on the request's executor. Finishing it
 * settles its admission ticket, records it, hands the answer over and reports it to the listener, exactly once.
 *
 * <p>What the client is promised comes before its answer: the ticket is settled (a client that has its answer
 * and asks again finds its budget and token limits already corrected, not still holding this request's worst
 * case) and a served request is on record. What only observes the request, the listener's metrics and log line
 * and its notice of the attempt that served, comes after: it is submitted to the request's executor once the
 * answer has been handed over, so it runs after whatever handing over queued there (the server's write of a
 * one-piece answer) in the same turn of the executor, with no wake-up of its own. (The calls end the serving
 * attempt's deployment lease before the answer too: its concurrency slot must be free for the client's next
 * request.)
 */
final class Exchange {

    /** Reported for a request whose client left before the answer was complete (nginx's convention). */
    static final int CLIENT_CLOSED_REQUEST = 499;
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

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
    /** How an error reaches the client before the request is finished; set when the gateway takes it. */
    private @Nullable Consumer<GatewayException> reject;

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

    /**
     * Runs {@code task} on the request's executor. A task that throws (a bug: every expected failure is handled
     * where it happens) fails an unfinished request with a 500 naming the exception, instead of leaving it
     * unanswered.
     */
    void execute(Runnable task) {
        context.executor().execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | StackOverflowError e) {
                broken(e);
            }
        });
    }

    /** Says how an error reaches the client while the request is not finished; see {@link #execute}. */
    void rejectWith(Consumer<GatewayException> rejection) {
        this.reject = rejection;
    }

    private void broken(Throwable failure) {
        Consumer<GatewayException> rejection = reject;
        LOG.error("request {}: a step failed unexpectedly{}", context.requestId(),
                finished || rejection == null ? "" : "; answering 500", failure);
        if (finished || rejection == null) {
            return;
        }
        GatewayException error = GatewayException.internal(failure);
        finishFailed(error, () -> rejection.accept(error));
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

    /**
     * The request failed before anything reached the client: {@code answer} sends the error (the record is not
     * waited for: no supplier's answer is at stake), then the listener hears of the request.
     */
    void finishFailed(GatewayException error, Runnable answer) {
        if (finished) {
            answer.run();
            return;
        }
        RequestLog log = finish(clientGone() ? CLIENT_CLOSED_REQUEST : error.status(),
                Optional.of(error.error().code() != null ? error.error().code() : error.error().type()),
                null, TokenUsage.NONE, OptionalLong.empty());
        record(log);
        answerThenReport(answer, log, Optional.empty());
    }

    /**
     * The request was answered (completely, or until a failure after commit) by {@code served}'s attempt: once
     * the request is on record, {@code answer} sends the last byte, on the request's executor; then the listener
     * hears of the attempt and the request.
     *
     * @param served the attempt that committed; unlike the others, the listener hears of it after the answer
     * @param errorCode the error that ended a committed stream early, if any
     */
    void finishServed(AttemptLog served, TokenUsage usage, OptionalLong firstTokenNanos, Optional<String> errorCode,
            Runnable answer) {
        attempts.add(served);
        if (finished) {
            answer.run();
            return;
        }
        RequestLog log = finish(clientGone() ? CLIENT_CLOSED_REQUEST : 200, errorCode, served.deployment(), usage,
                firstTokenNanos);
        record(log).whenComplete((ignored, error) -> execute(() -> answerThenReport(answer, log, Optional.of(served))));
    }

    /** Marks the request finished and settles its ticket; returns its log. */
    private RequestLog finish(int status, Optional<String> errorCode, @Nullable Deployment deployment,
            TokenUsage usage, OptionalLong firstTokenNanos) {
        finished = true;
        RequestLog log = new RequestLog(context.requestId(), receivedAt, context.caller(), endpoint, model, stream,
                status, errorCode, Optional.ofNullable(deployment), attempts, usage,
                ticker.elapsedNanos(context.startNanos()), firstTokenNanos, clientGone(), route);
        Listeners.safely(() -> ticket.settle(log));
        return log;
    }

    private CompletionStage<Void> record(RequestLog log) {
        try {
            return recorder.record(log);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code answer}, then submits the listener's part to the request's executor: behind what {@code answer}
     * queued there, in the same drain of its queue ({@link SerialExecutor}), or at once with an executor that
     * runs tasks inline.
     */
    private void answerThenReport(Runnable answer, RequestLog log, Optional<AttemptLog> served) {
        try {
            answer.run();
        } finally {
            execute(() -> {
                served.ifPresent(attempt -> Listeners.safely(() -> listener.attemptEnd(attempt)));
                Listeners.safely(() -> listener.requestEnd(log));
            });
        }
    }
}
