package dev.hedge.core.provider;

import dev.hedge.api.error.ErrorBody;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An upstream call that failed, with what a retry policy needs to decide: the kind of failure, the HTTP
 * status, the supplier's error (already in OpenAI's shape and scrubbed of secrets) and any
 * {@code Retry-After} it asked for.
 */
public final class ProviderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough to decide on. */
    public enum Kind {
        /** The connection could not be made (refused, DNS, TLS, connect timeout). */
        CONNECT,
        /** The connection broke after it was made (reset, closed early). */
        IO,
        /** No response, first token or next chunk in time. */
        TIMEOUT,
        /** The supplier answered with an error status. */
        HTTP_STATUS,
        /** The supplier reported an error inside a successful (200) stream. */
        STREAM_ERROR,
        /** The answer could not be understood (malformed JSON, truncated or empty stream). */
        PROTOCOL,
        /** The supplier or model cannot do this operation at all. */
        UNSUPPORTED,
        /** The work was called off by Hedge (client gone, hedge lost). */
        CANCELLED
    }

    private final Kind kind;
    private final String provider;
    private final int status;
    private final @Nullable ErrorBody upstreamError;
    private final @Nullable Duration retryAfter;

    private ProviderException(
            Kind kind,
            String provider,
            int status,
            String message,
            @Nullable ErrorBody upstreamError,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.provider = provider;
        this.status = status;
        this.upstreamError = upstreamError;
        this.retryAfter = retryAfter;
    }

    public static ProviderException connect(String provider, String message, @Nullable Throwable cause) {
        return new ProviderException(Kind.CONNECT, provider, 0, message, null, null, cause);
    }

    public static ProviderException io(String provider, String message, @Nullable Throwable cause) {
        return new ProviderException(Kind.IO, provider, 0, message, null, null, cause);
    }

    public static ProviderException timeout(String provider, String message) {
        return new ProviderException(Kind.TIMEOUT, provider, 0, message, null, null, null);
    }

    /**
     * @param upstreamError the supplier's error translated to OpenAI's shape, if it sent one
     * @param retryAfter what the supplier's {@code Retry-After} (or {@code retry-after-ms}) asked for
     */
    public static ProviderException status(
            String provider, int status, @Nullable ErrorBody upstreamError, @Nullable Duration retryAfter) {
        String detail = upstreamError == null ? "" : ": " + upstreamError.message();
        return new ProviderException(Kind.HTTP_STATUS, provider, status,
                "%s answered HTTP %d%s".formatted(provider, status, detail), upstreamError, retryAfter, null);
    }

    /** An error event inside a 200 stream; {@code status} is the HTTP status it stands for (e.g. 529 → 503). */
    public static ProviderException streamError(String provider, int status, ErrorBody upstreamError) {
        return new ProviderException(Kind.STREAM_ERROR, provider, status,
                "%s reported an error in the stream: %s".formatted(provider, upstreamError.message()),
                upstreamError, null, null);
    }

    public static ProviderException protocol(String provider, String message, @Nullable Throwable cause) {
        return new ProviderException(Kind.PROTOCOL, provider, 0, message, null, null, cause);
    }

    public static ProviderException unsupported(String provider, String message) {
        return new ProviderException(Kind.UNSUPPORTED, provider, 0, message, null, null, null);
    }

    public static ProviderException cancelled(String provider, String reason) {
        return new ProviderException(Kind.CANCELLED, provider, 0, "cancelled: " + reason, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The provider's configured name. */
    public String provider() {
        return provider;
    }

    /** The HTTP status the supplier answered (or, for a stream error, stands for); 0 when there was none. */
    public int status() {
        return status;
    }

    public Optional<ErrorBody> upstreamError() {
        return Optional.ofNullable(upstreamError);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Whether another attempt (the same deployment later, or another one) may succeed: connection trouble,
     * timeouts, malformed answers, 408/409/429/5xx and error events standing for those. A 4xx caused by
     * the request itself, an unsupported operation and a cancellation are final.
     */
    public boolean retryable() {
        return switch (kind) {
            case CONNECT, IO, TIMEOUT, PROTOCOL -> true;
            case HTTP_STATUS, STREAM_ERROR -> status == 0 || status == 408 || status == 409 || status == 429
                    || status >= 500;
            case UNSUPPORTED, CANCELLED -> false;
        };
    }
}
