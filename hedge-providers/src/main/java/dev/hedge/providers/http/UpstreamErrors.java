package dev.hedge.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.json.Json;
import dev.hedge.core.catalog.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a supplier's error body, whatever its shape, into OpenAI's error object with secrets scrubbed.
 * Understands OpenAI's {@code {"error":{...}}}, Ollama's {@code {"error":"..."}}, Mistral's flat
 * {@code {"object":"error","message":...}}, FastAPI's {@code {"detail":...}}, Anthropic's and Gemini's
 * envelopes, and falls back to the body's text.
 */
public final class UpstreamErrors {

    private static final int MAX_MESSAGE = 1000;

    private UpstreamErrors() {}

    public static ErrorBody parse(int status, byte[] body, List<Secret> secrets) {
        ErrorBody parsed = parseJson(status, body);
        if (parsed == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            parsed = new ErrorBody(text.isEmpty() ? "HTTP " + status : text, typeFor(status), null, null);
        }
        return new ErrorBody(scrub(parsed.message(), secrets), parsed.type(), parsed.param(),
                parsed.code() == null ? null : scrub(parsed.code(), secrets));
    }

    /** Reads an error object (the value of {@code error}, or a whole flat body). */
    public static @Nullable ErrorBody fromNode(int status, JsonNode node) {
        JsonNode error = node.path("error");
        if (error.isTextual()) {
            return new ErrorBody(error.asText(), typeFor(status), null, null);
        }
        if (error.isObject()) {
            String message = text(error, "message");
            if (message == null) {
                message = error.toString();
            }
            String type = text(error, "type");
            String code = error.has("code") && !error.get("code").isNull() ? error.get("code").asText() : null;
            JsonNode vendorStatus = error.path("status"); // Gemini: "RESOURCE_EXHAUSTED"
            if (type == null && vendorStatus.isTextual()) {
                // Gemini's numeric code is the HTTP status; its status name says more
                return new ErrorBody(message, typeFor(status), text(error, "param"), vendorStatus.asText());
            }
            if (type != null && !isOpenAiStyle(type)) {
                return new ErrorBody(message, typeFor(status), text(error, "param"), code == null ? type : code);
            }
            return new ErrorBody(message, type == null ? typeFor(status) : type, text(error, "param"), code);
        }
        String message = text(node, "message");
        if (message != null) {
            String type = text(node, "type");
            return new ErrorBody(message, type == null ? typeFor(status) : type, text(node, "param"),
                    text(node, "code"));
        }
        JsonNode detail = node.path("detail");
        if (!detail.isMissingNode() && !detail.isNull()) {
            return new ErrorBody(detail.isTextual() ? detail.asText() : detail.toString(), typeFor(status), null, null);
        }
        return null;
    }

    /**
     * Whether a supplier's error type reads like one of OpenAI's ({@code invalid_request_error},
     * {@code insufficient_quota}, …); other vendor types (Anthropic's {@code request_too_large}, Gemini's
     * {@code INVALID_ARGUMENT}) are replaced by the type for the status and kept as the {@code code}.
     */
    private static boolean isOpenAiStyle(String type) {
        return type.endsWith("_error") || type.equals(ErrorType.INSUFFICIENT_QUOTA)
                || type.equals("invalid_request") || type.equals("tokens") || type.equals("requests");
    }

    /** The OpenAI error type for an HTTP status. */
    public static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> ErrorType.INVALID_REQUEST;
            case 401 -> ErrorType.AUTHENTICATION;
            case 403 -> ErrorType.PERMISSION;
            case 429 -> ErrorType.RATE_LIMIT;
            default -> status >= 500 ? ErrorType.SERVER : ErrorType.INVALID_REQUEST;
        };
    }

    private static @Nullable ErrorBody parseJson(int status, byte[] body) {
        try {
            JsonNode node = Json.tree(body);
            return node == null || !node.isObject() ? null : fromNode(status, node);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String scrub(String text, List<Secret> secrets) {
        String scrubbed = Secret.scrub(text, secrets);
        return scrubbed.length() > MAX_MESSAGE ? scrubbed.substring(0, MAX_MESSAGE) + "…" : scrubbed;
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
