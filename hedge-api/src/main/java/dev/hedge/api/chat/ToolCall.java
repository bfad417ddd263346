package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A tool call made by the assistant.
 *
 * @param type {@code function}
 * @param function the function's name and its arguments as a JSON string
 */
public record ToolCall(
        String id, String type, FunctionCall function, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ToolCall {
        extra = extra == null ? Map.of() : extra;
    }

    public static ToolCall function(String id, String name, String arguments) {
        return new ToolCall(id, "function", new FunctionCall(name, arguments), Map.of());
    }

    /** A function's name and its arguments, a JSON object serialised as a string. */
    public record FunctionCall(String name, String arguments) {}
}
