package dev.hedge.api.error;

import org.jspecify.annotations.Nullable;

/** OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorResponse(ErrorBody error) {

    public static ErrorResponse of(String message, String type, @Nullable String param, @Nullable String code) {
        return new ErrorResponse(new ErrorBody(message, type, param, code));
    }
}
