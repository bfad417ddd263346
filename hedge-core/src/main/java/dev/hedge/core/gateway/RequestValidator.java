package dev.hedge.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ResponseFormat;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks what every supplier would reject anyway, before anything goes upstream, with OpenAI's messages:
 * the error names the parameter (e.g. {@code messages[2].role}) and what was expected.
 */
public final class RequestValidator {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");
    private static final Set<String> RESPONSE_FORMATS = Set.of("text", "json_object", "json_schema");
    private static final int MAX_EMBEDDING_INPUTS = 2048;

    private RequestValidator() {}

    /** @throws GatewayException 400 naming the first problem found */
    public static void chat(ChatCompletionRequest request) {
        requireModel(request.model());
        List<ChatMessage> messages = request.messages();
        if (messages == null) {
            throw GatewayException.missingParameter("messages");
        }
        if (messages.isEmpty()) {
            throw GatewayException.invalidRequest(
                    "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                    "messages", "empty_array");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), i);
        }
        positive(request.n(), "n");
        positive(request.maxTokens(), "max_tokens");
        positive(request.maxCompletionTokens(), "max_completion_tokens");
        range(request.temperature(), 0, 2, "temperature");
        range(request.topP(), 0, 1, "top_p");
        range(request.presencePenalty(), -2, 2, "presence_penalty");
        range(request.frequencyPenalty(), -2, 2, "frequency_penalty");
        streamOptions(request.streamOptions() != null, request.streaming());
        if (request.tools() != null) {
            for (int i = 0; i < request.tools().size(); i++) {
                tool(request.tools().get(i), i);
            }
        }
        responseFormat(request.responseFormat());
    }

    /** @throws GatewayException 400 naming the first problem found */
    public static void completion(CompletionRequest request) {
        requireModel(request.model());
        if (request.prompt() == null || request.prompt().isNull()) {
            throw GatewayException.missingParameter("prompt");
        }
        if (!request.prompt().isTextual() && !request.prompt().isArray()) {
            throw GatewayException.invalidRequest(
                    "Invalid type for 'prompt': expected a string or an array, but got %s instead."
                            .formatted(typeName(request.prompt())), "prompt", "invalid_type");
        }
        positive(request.maxTokens(), "max_tokens");
        positive(request.n(), "n");
        range(request.temperature(), 0, 2, "temperature");
        range(request.topP(), 0, 1, "top_p");
        streamOptions(request.streamOptions() != null, request.streaming());
    }

    /** @throws GatewayException 400 naming the first problem found */
    public static void embedding(EmbeddingRequest request) {
        requireModel(request.model());
        JsonNode input = request.input();
        if (input == null || input.isNull()) {
            throw GatewayException.missingParameter("input");
        }
        if (input.isTextual()) {
            if (input.asText().isEmpty()) {
                throw GatewayException.invalidRequest("Invalid 'input': empty string.", "input", "invalid_value");
            }
        } else if (input.isArray()) {
            if (input.isEmpty()) {
                throw GatewayException.invalidRequest("Invalid 'input': empty array.", "input", "empty_array");
            }
            if (input.size() > MAX_EMBEDDING_INPUTS) {
                throw GatewayException.invalidRequest("Invalid 'input': %d items (expected: at most %d)."
                        .formatted(input.size(), MAX_EMBEDDING_INPUTS), "input", "array_above_max_length");
            }
            for (int i = 0; i < input.size(); i++) {
                JsonNode item = input.get(i);
                if (!item.isTextual() && !item.isArray() && !item.isIntegralNumber()) {
                    throw GatewayException.invalidRequest(
                            "Invalid type for 'input[%d]': expected a string or token ids, but got %s instead."
                                    .formatted(i, typeName(item)), "input[%d]".formatted(i), "invalid_type");
                }
            }
        } else {
            throw GatewayException.invalidRequest(
                    "Invalid type for 'input': expected a string or an array, but got %s instead."
                            .formatted(typeName(input)), "input", "invalid_type");
        }
        if (request.encodingFormat() != null && !Set.of("float", "base64").contains(request.encodingFormat())) {
            throw GatewayException.invalidRequest("Invalid value: '%s'. Supported values are: 'float' and 'base64'."
                    .formatted(request.encodingFormat()), "encoding_format", "invalid_value");
        }
        positive(request.dimensions(), "dimensions");
    }

    private static void requireModel(@Nullable String model) {
        if (model == null) {
            throw GatewayException.missingParameter("model");
        }
        if (model.isBlank()) {
            throw GatewayException.invalidRequest("Invalid 'model': empty string.", "model", "invalid_value");
        }
    }

    /** Where a message is, for an error: built only when there is one. */
    private static String messageAt(int index) {
        return "messages[" + index + "]";
    }

    private static String partAt(int messageIndex, int index) {
        return messageAt(messageIndex) + ".content[" + index + "]";
    }

    private static void message(ChatMessage message, int index) {
        if (message.role() == null) {
            throw GatewayException.missingParameter(messageAt(index) + ".role");
        }
        if (!ROLES.contains(message.role())) {
            throw GatewayException.invalidRequest(
                    "Invalid value: '%s'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'."
                            .formatted(message.role()), messageAt(index) + ".role", "invalid_value");
        }
        boolean assistantCall = "assistant".equals(message.role())
                && (message.toolCalls() != null || message.functionCall() != null);
        if (message.content() == null && !assistantCall && !"assistant".equals(message.role())) {
            throw GatewayException.missingParameter(messageAt(index) + ".content");
        }
        if ("tool".equals(message.role()) && message.toolCallId() == null) {
            throw GatewayException.missingParameter(messageAt(index) + ".tool_call_id");
        }
        if (message.content() instanceof MessageContent.Parts parts) {
            for (int i = 0; i < parts.parts().size(); i++) {
                part(parts.parts().get(i), index, i);
            }
        }
    }

    private static void part(ContentPart part, int messageIndex, int index) {
        if (part.type() == null) {
            throw GatewayException.missingParameter(partAt(messageIndex, index) + ".type");
        }
        switch (part.type()) {
            case ContentPart.TEXT -> {
                if (part.text() == null) {
                    throw GatewayException.missingParameter(partAt(messageIndex, index) + ".text");
                }
            }
            case ContentPart.IMAGE_URL -> {
                if (part.imageUrl() == null || part.imageUrl().url() == null || part.imageUrl().url().isBlank()) {
                    throw GatewayException.missingParameter(partAt(messageIndex, index) + ".image_url.url");
                }
            }
            default -> {} // audio, files and newer part types are the supplier's to judge
        }
    }

    private static void tool(Tool tool, int index) {
        if (tool.type() == null) {
            throw GatewayException.missingParameter("tools[" + index + "].type");
        }
        if ("function".equals(tool.type())) {
            if (tool.function() == null) {
                throw GatewayException.missingParameter("tools[" + index + "].function");
            }
            if (tool.function().name() == null || tool.function().name().isBlank()) {
                throw GatewayException.missingParameter("tools[" + index + "].function.name");
            }
        }
    }

    private static void responseFormat(@Nullable ResponseFormat format) {
        if (format == null) {
            return;
        }
        if (format.type() == null) {
            throw GatewayException.missingParameter("response_format.type");
        }
        if (!RESPONSE_FORMATS.contains(format.type())) {
            throw GatewayException.invalidRequest(
                    "Invalid value: '%s'. Supported values are: 'text', 'json_object', and 'json_schema'."
                            .formatted(format.type()), "response_format.type", "invalid_value");
        }
        if ("json_schema".equals(format.type())) {
            if (format.jsonSchema() == null) {
                throw GatewayException.missingParameter("response_format.json_schema");
            }
            if (format.jsonSchema().name() == null || format.jsonSchema().name().isBlank()) {
                throw GatewayException.missingParameter("response_format.json_schema.name");
            }
        }
    }

    private static void streamOptions(boolean present, boolean streaming) {
        if (present && !streaming) {
            throw GatewayException.invalidRequest(
                    "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options",
                    "invalid_value");
        }
    }

    private static void positive(@Nullable Integer value, String param) {
        if (value != null && value < 1) {
            throw GatewayException.invalidRequest("Invalid '%s': integer below minimum value. Expected a value >= 1, but got %d instead."
                    .formatted(param, value), param, "integer_below_min_value");
        }
    }

    private static void range(@Nullable Double value, double min, double max, String param) {
        if (value != null && (value < min || value > max || value.isNaN())) {
            throw GatewayException.invalidRequest("Invalid '%s': %s (expected: between %s and %s)."
                    .formatted(param, value, min, max), param, "invalid_value");
        }
    }

    private static String typeName(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            default -> "null";
        };
    }
}
