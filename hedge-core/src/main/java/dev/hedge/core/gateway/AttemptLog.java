package dev.hedge.core.gateway;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.core.provider.ProviderException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One upstream attempt, reported when it has really finished: for a stream, when the stream ended, not when
 * headers arrived.
 *
 * @param number 1 for the first attempt of the request
 * @param latencyNanos from sending the request to the end of the answer (or the failure)
 * @param firstTokenNanos from sending the request to the first content, for streams that had any
 * @param failure why the attempt failed; empty when it succeeded
 * @param committed whether this attempt's output reached the client
 * @param usage tokens the attempt consumed, as far as known
 */
public record AttemptLog(
        String requestId,
        int number,
        Deployment deployment,
        long latencyNanos,
        OptionalLong firstTokenNanos,
        Optional<ProviderException> failure,
        boolean committed,
        TokenUsage usage) {

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
