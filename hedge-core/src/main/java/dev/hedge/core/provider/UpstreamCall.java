package dev.hedge.core.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt's request to a supplier.
 *
 * @param request the body in OpenAI's shape, with {@code model} already set to the supplier's model name
 * @param requestId Hedge's request id, for the supplier's logs where its API takes one
 * @param cancellation raised when the attempt must stop; the provider then aborts the upstream request
 *     promptly and fails the call with {@link ProviderException.Kind#CANCELLED}
 * @param connectTimeout the model's connect timeout, applied on top of the provider's own; empty when the model
 *     sets none
 */
public record UpstreamCall<R>(R request, String requestId, Cancellation cancellation,
        Optional<Duration> connectTimeout) {

    /** A call with only the provider's connect timeout. */
    public UpstreamCall(R request, String requestId, Cancellation cancellation) {
        this(request, requestId, cancellation, Optional.empty());
    }
}
