package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, in a request or (as {@code message}) in a response.
 *
 * @param role {@code system}, {@code developer}, {@code user}, {@code assistant}, {@code tool} or the
 *     legacy {@code function}
 * @param content the text or parts; absent on an assistant message that only calls tools
 * @param toolCalls the tools an assistant message calls
 * @param toolCallId on a {@code tool} message, the call it answers
 */
public record ChatMessage(
        String role,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable MessageContent content,
        @Nullable String name,
        @JsonProperty("tool_calls") @Nullable List<ToolCall> toolCalls,
        @JsonProperty("tool_call_id") @Nullable String toolCallId,
        @Nullable String refusal,
        @JsonProperty("function_call") @Nullable JsonNode functionCall,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ChatMessage {
        extra = extra == null ? Map.of() : extra;
    }

    public static ChatMessage system(String text) {
        return of("system", text);
    }

    public static ChatMessage user(String text) {
        return of("user", text);
    }

    public static ChatMessage assistant(String text) {
        return of("assistant", text);
    }

    public static ChatMessage of(String role, String text) {
        return new ChatMessage(role, MessageContent.of(text), null, null, null, null, null, Map.of());
    }

    /** The message's text (parts joined), empty when it has none. */
    public String text() {
        return content == null ? "" : content.joinedText();
    }

    /** This message without vendor extensions. */
    public ChatMessage withoutExtra() {
        return extra.isEmpty()
                ? this
                : new ChatMessage(role, content, name, toolCalls, toolCallId, refusal, functionCall, Map.of());
    }
}
