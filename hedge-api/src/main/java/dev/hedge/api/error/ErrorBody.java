package dev.hedge.api.error;

import org.jspecify.annotations.Nullable;

/**
 * The inner object of OpenAI's error envelope.
 *
 * @param message what went wrong, for a human; never contains a secret
 * @param type the error class, e.g. {@code invalid_request_error}
 * @param param the request parameter at fault, if any
 * @param code a machine-readable code, e.g. {@code model_not_found}
 */
public record ErrorBody(String message, String type, @Nullable String param, @Nullable String code) {}
