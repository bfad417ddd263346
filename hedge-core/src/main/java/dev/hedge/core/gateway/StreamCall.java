package dev.hedge.core.gateway;

import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.resilience.DeploymentHealth;
import dev.hedge.core.time.Cancellable;
import dev.hedge.core.tokens.OutputTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Runs a streamed operation over a plan of deployments, up to and past the commit point.
 *
 * <p>Before commit (the first chunk with content), every retryable failure of an attempt — an error
 * status, an error event in the stream, a stream that ends empty, no first token in time — moves on to the
 * next deployment, and the client has seen nothing. Chunks without content (the role announcement) wait in a
 * small buffer until commit. After commit, chunks go to the sink as they arrive; a failure ends the stream
 * with an error event. Usage is taken from the stream or counted, and shown to the client only if asked for.
 * A chunk that reaches the sink unchanged keeps the supplier's bytes for it (when the provider gave them), so the
 * sink can relay them; a chunk Hedge changes or makes (usage taken out, a usage chunk) goes without.
 *
 * <p>All state changes happen on the request's executor; upstream callbacks and timers hop onto it.
 */
final class StreamCall<Req, C> {

    private static final int MAX_BUFFERED_BEFORE_COMMIT = 64;

    private final Exchange exchange;
    private final Attempts attempts;
    private final StreamOperation<Req, C> operation;
    private final Req request;
    private final Timeouts timeouts;
    private final StreamSink<C> sink;
    private final boolean clientWantsUsage;
    /** Attempts running now: one, or two while a hedge races the first. */
    private final List<Attempt> live = new ArrayList<>(2);

    StreamCall(Exchange exchange, Attempts attempts, StreamOperation<Req, C> operation, Req request,
            Timeouts timeouts, StreamSink<C> sink) {
        this.exchange = exchange;
        this.attempts = attempts;
        this.operation = operation;
        this.request = request;
        this.timeouts = timeouts;
        this.sink = sink;
        this.clientWantsUsage = operation.clientWantsUsage(request);
    }

    /** Starts the first attempt; the sink hears the rest. */
    StreamCall<Req, C> start() {
        exchange.execute(() -> attempt(null));
        return this;
    }

    private void attempt(@Nullable ProviderException previous) {
        attempts.next(previous, this::launch, this::failBeforeCommit);
    }

    private void launch(Deployment deployment, DeploymentHealth.Lease lease) {
        Attempt attempt = new Attempt(deployment, lease);
        live.add(attempt);
        attempt.begin();
        if (live.size() == 1) {
            attempt.hedgeTimer = attempts.hedgeLater(deployment,
                    () -> !attempt.done && !attempt.committed && live.size() == 1, this::launch);
        }
    }

    private void failBeforeCommit(ProviderException last) {
        GatewayException error = GatewayErrors.from(last);
        exchange.finishFailed(error, () -> {
            if (!exchange.clientGone()) {
                sink.onError(error, false);
            }
        });
    }

    private final class Attempt implements StreamSubscriber<C>, StreamSink.FlowControl {
        private final Deployment deployment;
        private final DeploymentHealth.Lease lease;
        private final Cancellation cancellation = exchange.context().cancellation().child();
        private final long startNanos = exchange.ticker.nanos();
        private final List<Relayed<C>> beforeCommit = new ArrayList<>(2);
        private final OutputTokens output = operation.outputTokens(request);
        private @Nullable UpstreamStream<C> stream;
        private @Nullable Usage usage;
        private @Nullable C last;
        private Cancellable firstTokenTimer = Cancellable.NONE;
        private Cancellable idleTimer = Cancellable.NONE;
        private Cancellable totalTimer = Cancellable.NONE;
        private Cancellable hedgeTimer = Cancellable.NONE;
        private long firstTokenNanos = -1;
        private long attemptFirstTokenNanos = -1;
        private long lastChunkNanos;
        private boolean committed;
        private boolean done;
        private boolean countingPrompt;

        Attempt(Deployment deployment, DeploymentHealth.Lease lease) {
            this.deployment = deployment;
            this.lease = lease;
        }

        void begin() {
            firstTokenTimer = timer(timeouts.firstToken(), "no first token within ");
            totalTimer = timer(timeouts.total(), "not finished within ");
            UpstreamCall<Req> call = new UpstreamCall<>(
                    operation.forUpstream(request, deployment.spec().model(), true),
                    exchange.context().requestId(), cancellation, timeouts.connect());
            CompletableFuture<UpstreamStream<C>> opened;
            try {
                opened = operation.call(deployment.provider(), call).toCompletableFuture();
            } catch (RuntimeException e) {
                opened = CompletableFuture.failedFuture(e);
            }
            opened.whenComplete((upstream, error) -> exchange.execute(() -> opened(upstream, error)));
        }

        /** The message is made when the timer fires: every stream starts two timers, and few of them fire. */
        private Cancellable timer(Duration delay, String what) {
            return exchange.ticker.timeout(delay, () -> exchange.execute(() -> timedOut(what + delay)));
        }

        private void opened(@Nullable UpstreamStream<C> upstream, @Nullable Throwable error) {
            if (done) {
                if (upstream != null) {
                    upstream.cancel();
                }
                return;
            }
            if (error != null || upstream == null) {
                ended(GatewayErrors.asProviderException(
                        error != null ? error : new IllegalStateException("no stream"), deployment.provider().name()));
                return;
            }
            stream = upstream;
            upstream.start(this);
        }

        @Override
        public void onNext(C chunk) {
            exchange.execute(() -> chunk(chunk, null));
        }

        @Override
        public void onNext(C chunk, byte[] source) {
            exchange.execute(() -> chunk(chunk, source));
        }

        @Override
        public void onComplete() {
            exchange.execute(() -> ended(null));
        }

        @Override
        public void onError(ProviderException error) {
            exchange.execute(() -> ended(error));
        }

        @Override
        public void pause() {
            if (stream != null) {
                stream.pause();
            }
        }

        @Override
        public void resume() {
            if (stream != null) {
                stream.resume();
            }
        }

        private void chunk(C chunk, byte @Nullable [] source) {
            if (done) {
                return;
            }
            last = chunk;
            Usage reported = operation.usage(chunk);
            if (reported != null) {
                usage = reported;
            }
            operation.appendOutput(chunk, output);
            if (!committed) {
                if (!operation.hasContent(chunk)) {
                    if (beforeCommit.size() == MAX_BUFFERED_BEFORE_COMMIT) {
                        abort(ProviderException.protocol(deployment.provider().name(),
                                "%d chunks without content".formatted(MAX_BUFFERED_BEFORE_COMMIT), null));
                        return;
                    }
                    beforeCommit.add(new Relayed<>(chunk, source));
                    return;
                }
                commit();
            }
            lastChunkNanos = exchange.ticker.nanos();
            deliver(chunk, source);
        }

        /**
         * One timer watches the gaps between chunks: when it fires it checks how long the stream has been quiet
         * and either times out or waits for the rest, so chunks themselves never touch the scheduler.
         */
        private void checkIdle() {
            if (done) {
                return;
            }
            long quietNanos = exchange.ticker.elapsedNanos(lastChunkNanos);
            long idleNanos = timeouts.idle().toNanos();
            if (quietNanos >= idleNanos) {
                timedOut("no chunk for " + timeouts.idle());
            } else {
                idleTimer = exchange.ticker.timeout(Duration.ofNanos(idleNanos - quietNanos),
                        () -> exchange.execute(this::checkIdle));
            }
        }

        private void commit() {
            committed = true;
            firstTokenNanos = exchange.ticker.elapsedNanos(exchange.context().startNanos());
            attemptFirstTokenNanos = exchange.ticker.elapsedNanos(startNanos);
            firstTokenTimer.cancel();
            lastChunkNanos = exchange.ticker.nanos();
            idleTimer = exchange.ticker.timeout(timeouts.idle(), () -> exchange.execute(this::checkIdle));
            for (Attempt other : List.copyOf(live)) {
                if (other != this) {
                    other.abort(ProviderException.cancelled(other.deployment.provider().name(), "lost the hedge race"));
                }
            }
            sink.onOpen(new Served(deployment.id(), exchange.attemptCount() + 1, exchange.route()), this);
            for (Relayed<C> buffered : beforeCommit) {
                deliver(buffered.value(), buffered.source());
            }
            beforeCommit.clear();
        }

        private void deliver(C chunk, byte @Nullable [] source) {
            if (exchange.clientGone()) {
                return;
            }
            if (operation.usage(chunk) == null || clientWantsUsage) {
                if (source != null) {
                    sink.onNext(chunk, source);
                } else {
                    sink.onNext(chunk);
                }
            } else if (!operation.isUsageOnly(chunk)) {
                sink.onNext(operation.withoutUsage(chunk));
            }
        }

        private void timedOut(String what) {
            if (done) {
                return;
            }
            abort(ProviderException.timeout(deployment.provider().name(), what));
        }

        /** Stops the upstream call and ends the attempt with {@code failure}. */
        private void abort(ProviderException failure) {
            ended(failure);
            cancellation.cancel(failure.getMessage());
        }

        /** The attempt is over: {@code failure} is null when the stream completed normally. */
        private void ended(@Nullable ProviderException failure) {
            if (done) {
                return;
            }
            if (usage == null && !countingPrompt && (committed || !output.isEmpty())
                    && operation.prompt().countsAside()) {
                // a long prompt is counted off the loop; the stream ends when the count is in (a failed count is
                // made again on the loop; if that throws too, Exchange.execute answers 500)
                countingPrompt = true;
                ProviderException ending = failure;
                operation.prompt().counted().whenComplete((tokens, error) -> exchange.execute(() -> ended(ending)));
                return;
            }
            if (failure == null && !committed) {
                failure = ProviderException.protocol(deployment.provider().name(),
                        "the stream ended without any content", null);
            }
            done = true;
            live.remove(this);
            firstTokenTimer.cancel();
            idleTimer.cancel();
            totalTimer.cancel();
            hedgeTimer.cancel();
            TokenUsage used = usage != null ? TokenUsage.reported(usage) : counted();
            long latency = exchange.ticker.elapsedNanos(startNanos);
            lease.end(failure == null ? DeploymentHealth.Verdict.SUCCESS : DeploymentHealth.judge(failure), latency,
                    attemptFirstTokenNanos);
            AttemptLog attempt = new AttemptLog(exchange.context().requestId(), exchange.attemptCount() + 1,
                    deployment, latency,
                    firstTokenNanos < 0 ? OptionalLong.empty() : OptionalLong.of(firstTokenNanos),
                    Optional.ofNullable(failure), committed, used);
            if (!committed) {
                exchange.attemptEnded(attempt);
                if (live.isEmpty()) {
                    attempt(failure);
                }
                return;
            }
            if (failure == null) {
                if (usage == null && clientWantsUsage && last != null && !exchange.clientGone()) {
                    sink.onNext(operation.usageChunk(last, used.toUsage()));
                }
                exchange.finishServed(attempt, used, OptionalLong.of(firstTokenNanos), Optional.empty(), () -> {
                    if (!exchange.clientGone()) {
                        sink.onComplete();
                    }
                });
                return;
            }
            GatewayException error = afterCommit(failure);
            exchange.finishServed(attempt, used, OptionalLong.of(firstTokenNanos),
                    Optional.ofNullable(error.error().code()), () -> {
                        if (!exchange.clientGone()) {
                            sink.onError(error, true);
                        }
                    });
        }

        private TokenUsage counted() {
            if (!committed && output.isEmpty()) {
                return TokenUsage.NONE;
            }
            return TokenUsage.counted(operation.prompt().count(), output.count());
        }

        private GatewayException afterCommit(ProviderException failure) {
            if (failure.kind() == ProviderException.Kind.CANCELLED) {
                return new GatewayException(Exchange.CLIENT_CLOSED_REQUEST, new ErrorBody(
                        "The stream was cancelled.", ErrorType.INVALID_REQUEST, null, "request_cancelled"), null);
            }
            GatewayException mapped = GatewayErrors.from(failure);
            return new GatewayException(mapped.status(), new ErrorBody(
                    "The stream from '%s' broke after it started: %s".formatted(deployment.id(), failure.getMessage()),
                    mapped.error().type(), null, mapped.error().code()), null);
        }
    }
}
