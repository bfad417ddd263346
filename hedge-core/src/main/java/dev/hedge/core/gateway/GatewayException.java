package dev.hedge.core.gateway;

import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorResponse;
import dev.hedge.api.error.ErrorType;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request the gateway answers with an error: the HTTP status and OpenAI's error envelope, plus the
 * {@code Retry-After} to send where waiting helps. Messages name the problem and never contain secrets.
 */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ErrorBody error;
    private final @Nullable Duration retryAfter;

    public GatewayException(int status, ErrorBody error, @Nullable Duration retryAfter) {
        super(error.message(), null, false, false);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    public static GatewayException of(int status, String type, String message, @Nullable String param,
            @Nullable String code) {
        return new GatewayException(status, new ErrorBody(message, type, param, code), null);
    }

    /** 500: a bug, named by its exception's class only (its message may carry what a client must not see). */
    public static GatewayException internal(Throwable cause) {
        return of(500, ErrorType.SERVER, "Internal error: " + cause.getClass().getSimpleName(), null,
                "internal_error");
    }

    /** 400: the request is malformed; {@code param} names the field at fault. */
    public static GatewayException invalidRequest(String message, @Nullable String param, @Nullable String code) {
        return of(400, ErrorType.INVALID_REQUEST, message, param, code);
    }

    /** 400: a required field is missing. */
    public static GatewayException missingParameter(String param) {
        return invalidRequest("Missing required parameter: '%s'.".formatted(param), param,
                "missing_required_parameter");
    }

    /** 404: no model of that name is served. */
    public static GatewayException modelNotFound(String model) {
        return of(404, ErrorType.INVALID_REQUEST,
                "The model '%s' does not exist or is not served by this gateway; GET /v1/models lists the models."
                        .formatted(model), "model", "model_not_found");
    }

    /** 403: the key may not use this model. */
    public static GatewayException modelNotAllowed(String model, String keyName) {
        return of(403, ErrorType.PERMISSION, "The key '%s' is not allowed to use the model '%s'."
                .formatted(keyName, model), "model", "model_not_allowed");
    }

    public int status() {
        return status;
    }

    public ErrorBody error() {
        return error;
    }

    public ErrorResponse envelope() {
        return new ErrorResponse(error);
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
