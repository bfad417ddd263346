package dev.hedge.providers.anthropic;

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
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.http.DataUrl;
import dev.hedge.providers.http.UpstreamJson;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI chat request → Anthropic Messages request. System and developer messages become {@code system};
 * tool messages become {@code tool_result} blocks in a user turn; consecutive turns of one role are merged
 * (Anthropic wants user and assistant to alternate); images become base64 or URL image sources;
 * {@code max_tokens} defaults when the client set none. What Anthropic cannot do ({@code n} &gt; 1,
 * {@code logprobs}, audio and file parts, {@code response_format}) fails as
 * {@link ProviderException.Kind#UNSUPPORTED} with a message naming the parameter.
 */
final class AnthropicRequests {

    /** The output limit sent when the client set none: Anthropic requires one. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnthropicRequests() {}

    static ObjectNode messages(String provider, ChatCompletionRequest request, boolean stream) {
        ObjectNode body = NODES.objectNode();
        body.put("model", request.model());
        Integer limit = request.outputLimit();
        body.put("max_tokens", limit == null ? DEFAULT_MAX_TOKENS : limit);
        if (request.n() != null && request.n() > 1) {
            throw unsupported(provider, "n: %d (Anthropic writes one choice per request)".formatted(request.n()));
        }
        if (Boolean.TRUE.equals(request.logprobs())) {
            throw unsupported(provider, "logprobs: Anthropic does not return log probabilities");
        }
        if (request.responseFormat() != null && !"text".equals(request.responseFormat().type())) {
            throw unsupported(provider, "response_format: %s is not available through the anthropic dialect"
                    .formatted(request.responseFormat().type()));
        }
        ArrayNode system = NODES.arrayNode();
        ArrayNode messages = NODES.arrayNode();
        List<ChatMessage> input = request.messages() == null ? List.of() : request.messages();
        for (int i = 0; i < input.size(); i++) {
            ChatMessage message = input.get(i);
            String where = "messages[%d]".formatted(i);
            switch (message.role()) {
                case "system", "developer" -> {
                    if (!message.text().isEmpty()) {
                        system.add(NODES.objectNode().put("type", "text").put("text", message.text()));
                    }
                }
                case "user" -> UpstreamJson.appendTurn(messages, "user", "content",
                        userBlocks(provider, message, where));
                case "assistant" -> UpstreamJson.appendTurn(messages, "assistant", "content",
                        assistantBlocks(provider, message, where));
                case "tool" -> UpstreamJson.appendTurn(messages, "user", "content",
                        NODES.arrayNode().add(toolResult(message)));
                default -> throw unsupported(provider, "%s.role: '%s' has no Anthropic counterpart"
                        .formatted(where, message.role()));
            }
        }
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        body.set("messages", messages);
        if (stream) {
            body.put("stream", true);
        }
        if (request.temperature() != null) {
            // Anthropic's range is 0..1, OpenAI's 0..2
            body.put("temperature", Math.min(1.0, request.temperature()));
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        JsonNode stop = request.stop();
        if (stop != null && !stop.isNull()) {
            body.set("stop_sequences", stop.isArray() ? stop : NODES.arrayNode().add(stop.asText()));
        }
        if (request.tools() != null && !request.tools().isEmpty()) {
            body.set("tools", tools(provider, request.tools()));
            JsonNode choice = toolChoice(provider, request.toolChoice(), request.parallelToolCalls());
            if (choice != null) {
                body.set("tool_choice", choice);
            }
        }
        if (request.user() != null) {
            body.set("metadata", NODES.objectNode().put("user_id", request.user()));
        }
        return body;
    }

    private static ArrayNode userBlocks(String provider, ChatMessage message, String where) {
        ArrayNode blocks = NODES.arrayNode();
        switch (message.content()) {
            case null -> {}
            case MessageContent.Text text -> blocks.add(text(text.text()));
            case MessageContent.Parts parts -> {
                for (int i = 0; i < parts.parts().size(); i++) {
                    blocks.add(part(provider, parts.parts().get(i), "%s.content[%d]".formatted(where, i)));
                }
            }
        }
        return blocks;
    }

    private static ObjectNode part(String provider, ContentPart part, String where) {
        switch (part.type()) {
            case ContentPart.TEXT -> {
                return text(part.text() == null ? "" : part.text());
            }
            case ContentPart.IMAGE_URL -> {
                if (part.imageUrl() == null) {
                    throw unsupported(provider, where + ".image_url is missing");
                }
                String url = part.imageUrl().url();
                ObjectNode source = NODES.objectNode();
                if (url.startsWith("data:")) {
                    DataUrl data = DataUrl.parse(url).orElseThrow(() -> unsupported(provider,
                            where + ".image_url.url: a data URL must be data:<media type>;base64,<data>"));
                    source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
                } else {
                    source.put("type", "url").put("url", url);
                }
                return NODES.objectNode().put("type", "image").set("source", source);
            }
            default -> throw unsupported(provider, "%s.type: '%s' parts are not available through the anthropic dialect"
                    .formatted(where, part.type()));
        }
    }

    private static ArrayNode assistantBlocks(String provider, ChatMessage message, String where) {
        ArrayNode blocks = NODES.arrayNode();
        String text = message.text();
        if (!text.isEmpty()) {
            blocks.add(text(text));
        }
        if (message.toolCalls() != null) {
            for (int i = 0; i < message.toolCalls().size(); i++) {
                ToolCall call = message.toolCalls().get(i);
                ObjectNode use = NODES.objectNode().put("type", "tool_use").put("id", call.id())
                        .put("name", call.function().name());
                use.set("input", UpstreamJson.argumentsObject(provider, "anthropic", call.function().arguments(),
                        "%s.tool_calls[%d].function.arguments".formatted(where, i)));
                blocks.add(use);
            }
        }
        return blocks;
    }

    private static ObjectNode toolResult(ChatMessage message) {
        ObjectNode result = NODES.objectNode().put("type", "tool_result")
                .put("tool_use_id", message.toolCallId() == null ? "" : message.toolCallId());
        result.put("content", message.text());
        return result;
    }

    private static ArrayNode tools(String provider, List<Tool> tools) {
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < tools.size(); i++) {
            Tool tool = tools.get(i);
            if (!"function".equals(tool.type()) || tool.function() == null) {
                throw unsupported(provider, "tools[%d].type: '%s' (the anthropic dialect takes function tools)"
                        .formatted(i, tool.type()));
            }
            ObjectNode definition = NODES.objectNode().put("name", tool.function().name());
            if (tool.function().description() != null) {
                definition.put("description", tool.function().description());
            }
            JsonNode schema = tool.function().parameters();
            definition.set("input_schema", schema == null || schema.isNull()
                    ? NODES.objectNode().put("type", "object").set("properties", NODES.objectNode())
                    : schema);
            out.add(definition);
        }
        return out;
    }

    private static @Nullable JsonNode toolChoice(String provider, @Nullable JsonNode choice,
            @Nullable Boolean parallel) {
        ObjectNode out;
        if (choice == null || choice.isNull()) {
            if (!Boolean.FALSE.equals(parallel)) {
                return null;
            }
            out = NODES.objectNode().put("type", "auto");
        } else if (choice.isTextual()) {
            out = switch (choice.asText()) {
                case "auto" -> NODES.objectNode().put("type", "auto");
                case "none" -> NODES.objectNode().put("type", "none");
                case "required" -> NODES.objectNode().put("type", "any");
                default -> throw unsupported(provider, "tool_choice: '%s' (expected: auto, none, required or a function)"
                        .formatted(choice.asText()));
            };
        } else if (choice.path("function").path("name").isTextual()) {
            out = NODES.objectNode().put("type", "tool").put("name", choice.path("function").path("name").asText());
        } else {
            throw unsupported(provider, "tool_choice: expected auto, none, required or {\"type\":\"function\",...}");
        }
        if (Boolean.FALSE.equals(parallel) && !"none".equals(out.path("type").asText())) {
            out.put("disable_parallel_tool_use", true);
        }
        return out;
    }

    private static ObjectNode text(String text) {
        return NODES.objectNode().put("type", "text").put("text", text);
    }

    private static ProviderException unsupported(String provider, String message) {
        return ProviderException.unsupported(provider, message);
    }
}
