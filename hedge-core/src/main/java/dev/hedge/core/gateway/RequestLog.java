package dev.hedge.core.gateway;

import dev.hedge.core.auth.Caller;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.router.RouteDecision;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What happened to one request, reported once when it is over (answered, failed, or abandoned by its
 * client). Metering, metrics and the request log line read it.
 *
 * @param status the HTTP status the client got (200 also for a stream that later broke)
 * @param errorCode the error's code or type when the request failed, before or after commit
 * @param deployment the deployment that committed, if any
 * @param usage the committed attempt's tokens
 * @param latencyNanos from arrival to the last byte
 * @param firstTokenNanos from arrival to the first content sent, for streams
 * @param clientGone whether the client disconnected before the answer was complete
 * @param route the quality router's decision (tier and score), for prompt-routed models
 */
public record RequestLog(
        String requestId,
        Instant receivedAt,
        Caller caller,
        Endpoint endpoint,
        String model,
        boolean stream,
        int status,
        Optional<String> errorCode,
        Optional<Deployment> deployment,
        List<AttemptLog> attempts,
        TokenUsage usage,
        long latencyNanos,
        OptionalLong firstTokenNanos,
        boolean clientGone,
        Optional<RouteDecision> route) {

    public RequestLog {
        attempts = List.copyOf(attempts);
    }

    /** A record of a request that was not prompt-routed. */
    public RequestLog(String requestId, Instant receivedAt, Caller caller, Endpoint endpoint, String model,
            boolean stream, int status, Optional<String> errorCode, Optional<Deployment> deployment,
            List<AttemptLog> attempts, TokenUsage usage, long latencyNanos, OptionalLong firstTokenNanos,
            boolean clientGone) {
        this(requestId, receivedAt, caller, endpoint, model, stream, status, errorCode, deployment, attempts, usage,
                latencyNanos, firstTokenNanos, clientGone, Optional.empty());
    }
}
