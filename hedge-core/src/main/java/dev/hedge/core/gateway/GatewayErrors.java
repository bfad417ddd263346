package dev.hedge.core.gateway;

import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.provider.ProviderException;
import org.jspecify.annotations.Nullable;

/** Turns what went wrong upstream into what the client is told. */
final class GatewayErrors {
    private GatewayErrors() {}

    /** The error for a request whose attempts all failed; {@code last} is the last attempt's failure. */
    static GatewayException from(ProviderException last) {
        String provider = last.provider();
        return switch (last.kind()) {
            case CONNECT -> error(502, ErrorType.UPSTREAM, "upstream_unreachable",
                    "Could not reach provider '%s': %s".formatted(provider, last.getMessage()), last);
            case IO -> error(502, ErrorType.UPSTREAM, "upstream_connection_lost",
                    "The connection to provider '%s' broke: %s".formatted(provider, last.getMessage()), last);
            case TIMEOUT -> error(504, ErrorType.TIMEOUT, "upstream_timeout",
                    "Provider '%s' did not answer in time: %s".formatted(provider, last.getMessage()), last);
            case PROTOCOL -> error(502, ErrorType.UPSTREAM, "upstream_bad_response",
                    "Provider '%s' sent an answer that could not be read: %s".formatted(provider, last.getMessage()),
                    last);
            case UNSUPPORTED -> GatewayException.invalidRequest(last.getMessage(), "model", "unsupported_operation");
            case CANCELLED -> error(Exchange.CLIENT_CLOSED_REQUEST, ErrorType.INVALID_REQUEST, "request_cancelled",
                    "The request was cancelled: " + last.getMessage(), last);
            case HTTP_STATUS, STREAM_ERROR -> fromStatus(last);
        };
    }

    private static GatewayException fromStatus(ProviderException last) {
        int status = last.status();
        String provider = last.provider();
        ErrorBody upstream = last.upstreamError().orElse(null);
        String detail = upstream == null ? "" : ": " + upstream.message();
        if (status == 401 || status == 403) {
            return error(502, ErrorType.UPSTREAM, "upstream_auth_failed",
                    "Provider '%s' rejected the gateway's credentials (HTTP %d)%s".formatted(provider, status, detail),
                    last);
        }
        if (status == 404) {
            return error(502, ErrorType.UPSTREAM, "upstream_not_found",
                    "Provider '%s' does not know the deployment's model (HTTP 404)%s".formatted(provider, detail), last);
        }
        if (status == 429) {
            return new GatewayException(429, upstream != null ? upstream
                    : new ErrorBody("Provider '%s' is rate limiting; retry later.".formatted(provider),
                            ErrorType.RATE_LIMIT, null, "rate_limit_exceeded"), last.retryAfter().orElse(null));
        }
        if (status == 503 || status == 529) {
            return new GatewayException(503, new ErrorBody("Provider '%s' is overloaded%s".formatted(provider, detail),
                    ErrorType.OVERLOADED, null, "upstream_overloaded"), last.retryAfter().orElse(null));
        }
        if (status >= 500 || status == 408 || status == 0) {
            return error(502, ErrorType.UPSTREAM, "upstream_error",
                    "Provider '%s' failed (HTTP %d)%s".formatted(provider, status, detail), last);
        }
        // a 4xx the request itself caused: the client learns what the supplier said, in OpenAI's shape
        return new GatewayException(status, upstream != null ? upstream
                : new ErrorBody("Provider '%s' refused the request (HTTP %d)".formatted(provider, status),
                        ErrorType.INVALID_REQUEST, null, null), null);
    }

    private static GatewayException error(int status, String type, String code, String message,
            @Nullable ProviderException cause) {
        return new GatewayException(status, new ErrorBody(message, type, null, code),
                cause == null ? null : cause.retryAfter().orElse(null));
    }

    /** Anything thrown where a {@link ProviderException} was due, made into one. */
    static ProviderException asProviderException(Throwable error, String provider) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ProviderException pe) {
            return pe;
        }
        return ProviderException.protocol(provider, "provider failed unexpectedly: " + cause, cause);
    }
}
