package dev.hedge.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The inner object of OpenAI's error envelope; {@code param} and {@code code} are always written, as
 * {@code null} when absent, as OpenAI writes them.
 *
 * @param message what went wrong, for a human; never contains a secret
 * @param type the error class, e.g. {@code invalid_request_error}
 * @param param the request parameter at fault, if any
 * @param code a machine-readable code, e.g. {@code model_not_found}
 */
public record ErrorBody(
        String message,
        String type,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String param,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String code) {}
