package dev.hedge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.http.DataUrl;
import dev.hedge.providers.http.UpstreamJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI chat and embedding requests → Gemini. System and developer messages become
 * {@code systemInstruction}; assistant turns are role {@code model}; tool calls become {@code functionCall}
 * parts and tool messages {@code functionResponse} parts (named after the call they answer, found by its id
 * earlier in the conversation); images become {@code inlineData} (data URLs) or {@code fileData} (other
 * URLs); sampling parameters go to {@code generationConfig}. Function parameter schemas lose the JSON Schema
 * keywords Gemini's schema subset rejects ({@code additionalProperties}, {@code $schema}, {@code strict}).
 */
final class GeminiRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeminiRequests() {}

    static ObjectNode generate(String provider, ChatCompletionRequest request) {
        ObjectNode body = NODES.objectNode();
        ArrayNode system = NODES.arrayNode();
        ArrayNode contents = NODES.arrayNode();
        List<ChatMessage> messages = request.messages() == null ? List.of() : request.messages();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String where = "messages[%d]".formatted(i);
            switch (message.role()) {
                case "system", "developer" -> {
                    if (!message.text().isEmpty()) {
                        system.add(NODES.objectNode().put("text", message.text()));
                    }
                }
                case "user" -> UpstreamJson.appendTurn(contents, "user", "parts",
                        userParts(provider, message, where));
                case "assistant" -> UpstreamJson.appendTurn(contents, "model", "parts",
                        modelParts(provider, message, where, callNames));
                case "tool" -> UpstreamJson.appendTurn(contents, "user", "parts",
                        NODES.arrayNode().add(functionResponse(provider, message, where,
                        callNames)));
                default -> throw ProviderException.unsupported(provider, "%s.role: '%s' has no Gemini counterpart"
                        .formatted(where, message.role()));
            }
        }
        if (!system.isEmpty()) {
            body.set("systemInstruction", NODES.objectNode().set("parts", system));
        }
        body.set("contents", contents);
        ObjectNode config = generationConfig(provider, request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        if (request.tools() != null && !request.tools().isEmpty()) {
            body.set("tools", NODES.arrayNode().add(NODES.objectNode().set("functionDeclarations",
                    declarations(provider, request.tools()))));
            JsonNode toolConfig = toolConfig(provider, request.toolChoice());
            if (toolConfig != null) {
                body.set("toolConfig", toolConfig);
            }
        }
        return body;
    }

    static ObjectNode embed(String provider, String model, EmbeddingRequest request) {
        JsonNode input = request.input();
        ArrayNode requests = NODES.arrayNode();
        if (input != null && input.isTextual()) {
            requests.add(embedOne(model, input.asText(), request.dimensions()));
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw ProviderException.unsupported(provider,
                            "input: the gemini dialect embeds text, not token ids");
                }
                requests.add(embedOne(model, item.asText(), request.dimensions()));
            }
        } else {
            throw ProviderException.unsupported(provider, "input: expected a string or an array of strings");
        }
        return NODES.objectNode().set("requests", requests);
    }

    private static ObjectNode embedOne(String model, String text, @Nullable Integer dimensions) {
        ObjectNode one = NODES.objectNode().put("model", "models/" + model);
        one.set("content", NODES.objectNode().set("parts", NODES.arrayNode().add(NODES.objectNode().put("text", text))));
        if (dimensions != null) {
            one.put("outputDimensionality", dimensions);
        }
        return one;
    }

    private static ArrayNode userParts(String provider, ChatMessage message, String where) {
        ArrayNode parts = NODES.arrayNode();
        switch (message.content()) {
            case null -> {}
            case MessageContent.Text text -> parts.add(NODES.objectNode().put("text", text.text()));
            case MessageContent.Parts list -> {
                for (int i = 0; i < list.parts().size(); i++) {
                    parts.add(part(provider, list.parts().get(i), "%s.content[%d]".formatted(where, i)));
                }
            }
        }
        return parts;
    }

    private static ObjectNode part(String provider, ContentPart part, String where) {
        switch (part.type()) {
            case ContentPart.TEXT -> {
                return NODES.objectNode().put("text", part.text() == null ? "" : part.text());
            }
            case ContentPart.IMAGE_URL -> {
                if (part.imageUrl() == null) {
                    throw ProviderException.unsupported(provider, where + ".image_url is missing");
                }
                String url = part.imageUrl().url();
                if (url.startsWith("data:")) {
                    DataUrl data = DataUrl.parse(url).orElseThrow(() -> ProviderException.unsupported(provider,
                            where + ".image_url.url: a data URL must be data:<media type>;base64,<data>"));
                    return NODES.objectNode().set("inlineData",
                            NODES.objectNode().put("mimeType", data.mediaType()).put("data", data.base64()));
                }
                return NODES.objectNode().set("fileData",
                        NODES.objectNode().put("mimeType", mimeFromUrl(url)).put("fileUri", url));
            }
            default -> throw ProviderException.unsupported(provider,
                    "%s.type: '%s' parts are not available through the gemini dialect".formatted(where, part.type()));
        }
    }

    private static String mimeFromUrl(String url) {
        String lower = url.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains(".png")) {
            return "image/png";
        }
        if (lower.contains(".webp")) {
            return "image/webp";
        }
        if (lower.contains(".gif")) {
            return "image/gif";
        }
        return "image/jpeg";
    }

    private static ArrayNode modelParts(String provider, ChatMessage message, String where,
            Map<String, String> callNames) {
        ArrayNode parts = NODES.arrayNode();
        if (!message.text().isEmpty()) {
            parts.add(NODES.objectNode().put("text", message.text()));
        }
        if (message.toolCalls() != null) {
            for (int i = 0; i < message.toolCalls().size(); i++) {
                ToolCall call = message.toolCalls().get(i);
                callNames.put(call.id(), call.function().name());
                ObjectNode functionCall = NODES.objectNode().put("name", call.function().name());
                functionCall.set("args", UpstreamJson.argumentsObject(provider, "gemini", call.function().arguments(),
                        "%s.tool_calls[%d].function.arguments".formatted(where, i)));
                parts.add(NODES.objectNode().set("functionCall", functionCall));
            }
        }
        return parts;
    }

    private static ObjectNode functionResponse(String provider, ChatMessage message, String where,
            Map<String, String> callNames) {
        String name = message.toolCallId() == null ? null : callNames.get(message.toolCallId());
        if (name == null) {
            name = message.name();
        }
        if (name == null) {
            throw ProviderException.unsupported(provider, ("%s.tool_call_id: '%s' answers no tool call of an earlier "
                    + "assistant message (Gemini needs the function's name)").formatted(where, message.toolCallId()));
        }
        String text = message.text();
        JsonNode response;
        try {
            JsonNode parsed = Json.tree(text.getBytes(StandardCharsets.UTF_8));
            response = parsed != null && parsed.isObject() ? parsed : NODES.objectNode().put("content", text);
        } catch (IOException notJson) {
            response = NODES.objectNode().put("content", text);
        }
        ObjectNode functionResponse = NODES.objectNode().put("name", name);
        functionResponse.set("response", response);
        return NODES.objectNode().set("functionResponse", functionResponse);
    }

    private static ObjectNode generationConfig(String provider, ChatCompletionRequest request) {
        ObjectNode config = NODES.objectNode();
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        if (request.outputLimit() != null) {
            config.put("maxOutputTokens", request.outputLimit());
        }
        if (request.n() != null && request.n() > 1) {
            config.put("candidateCount", request.n());
        }
        if (request.seed() != null) {
            config.put("seed", request.seed());
        }
        if (request.presencePenalty() != null) {
            config.put("presencePenalty", request.presencePenalty());
        }
        if (request.frequencyPenalty() != null) {
            config.put("frequencyPenalty", request.frequencyPenalty());
        }
        JsonNode stop = request.stop();
        if (stop != null && !stop.isNull()) {
            config.set("stopSequences", stop.isArray() ? stop : NODES.arrayNode().add(stop.asText()));
        }
        if (request.responseFormat() != null) {
            switch (request.responseFormat().type()) {
                case "text" -> {}
                case "json_object" -> config.put("responseMimeType", "application/json");
                case "json_schema" -> {
                    config.put("responseMimeType", "application/json");
                    if (request.responseFormat().jsonSchema() != null
                            && request.responseFormat().jsonSchema().schema() != null) {
                        config.set("responseJsonSchema", request.responseFormat().jsonSchema().schema());
                    }
                }
                default -> throw ProviderException.unsupported(provider, "response_format.type: '%s'"
                        .formatted(request.responseFormat().type()));
            }
        }
        if (Boolean.TRUE.equals(request.logprobs())) {
            config.put("responseLogprobs", true);
        }
        return config;
    }

    private static ArrayNode declarations(String provider, List<Tool> tools) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            if (!"function".equals(tool.type()) || tool.function() == null) {
                throw ProviderException.unsupported(provider,
                        "tools[%d].type: '%s' (the gemini dialect takes function tools)".formatted(i, tool.type()));
            }
            ObjectNode declaration = NODES.objectNode().put("name", tool.function().name());
            if (tool.function().description() != null) {
                declaration.put("description", tool.function().description());
            }
            JsonNode parameters = tool.function().parameters();
            if (parameters != null && parameters.isObject() && !parameters.path("properties").isEmpty()) {
                declaration.set("parameters", geminiSchema(parameters.deepCopy()));
            }
            out.add(declaration);
        }
        return out;
    }

    /** Removes JSON Schema keywords outside Gemini's OpenAPI schema subset, at every depth. */
    private static JsonNode geminiSchema(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            object.remove(List.of("additionalProperties", "$schema", "strict", "$id"));
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("properties") && field.getValue().isObject()) {
                    field.getValue().forEach(GeminiRequests::geminiSchema); // property names are not keywords
                } else {
                    geminiSchema(field.getValue());
                }
            }
        } else if (schema.isArray()) {
            schema.forEach(GeminiRequests::geminiSchema);
        }
        return schema;
    }

    private static @Nullable JsonNode toolConfig(String provider, @Nullable JsonNode choice) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        ObjectNode calling = NODES.objectNode();
        if (choice.isTextual()) {
            calling.put("mode", switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw ProviderException.unsupported(provider,
                        "tool_choice: '%s' (expected: auto, none, required or a function)".formatted(choice.asText()));
            });
        } else if (choice.path("function").path("name").isTextual()) {
            calling.put("mode", "ANY");
            calling.set("allowedFunctionNames", NODES.arrayNode().add(choice.path("function").path("name").asText()));
        } else {
            throw ProviderException.unsupported(provider,
                    "tool_choice: expected auto, none, required or {\"type\":\"function\",...}");
        }
        return NODES.objectNode().set("functionCallingConfig", calling);
    }
}
