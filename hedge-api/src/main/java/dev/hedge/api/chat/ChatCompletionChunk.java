package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.usage.Usage;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed chat response ({@code CreateChatCompletionStreamResponse}).
 *
 * <p>With {@code stream_options.include_usage}, the last chunk before {@code [DONE]} has empty
 * {@code choices} and carries {@link #usage()}.
 *
 * @param object always {@code chat.completion.chunk}
 */
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @Nullable Usage usage,
        @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
        @JsonProperty("service_tier") @Nullable String serviceTier,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static final String OBJECT = "chat.completion.chunk";

    public ChatCompletionChunk {
        extra = extra == null ? Map.of() : extra;
    }

    /** A chunk with the given choices and no usage. */
    public static ChatCompletionChunk of(String id, long created, String model, List<Choice> choices) {
        return new ChatCompletionChunk(id, OBJECT, created, model, choices, null, null, null, Map.of());
    }

    /** The final usage-only chunk. */
    public static ChatCompletionChunk usageOnly(String id, long created, String model, Usage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model, List.of(), usage, null, null, Map.of());
    }

    /**
     * Whether this chunk carries anything a client would see as output: text, a refusal, a tool call, a
     * finish reason or usage. A chunk that only announces the role does not.
     */
    public boolean hasContent() {
        if (usage != null) {
            return true;
        }
        for (Choice choice : choices) {
            if (choice.finishReason() != null || choice.delta().hasContent()) {
                return true;
            }
        }
        return false;
    }

    /** The same chunk with other usage. */
    public ChatCompletionChunk withUsage(@Nullable Usage newUsage) {
        return new ChatCompletionChunk(id, object, created, model, choices, newUsage, systemFingerprint,
                serviceTier, extra);
    }

    /**
     * One choice's increment.
     *
     * @param finishReason set on the choice's last chunk
     */
    public record Choice(
            int index,
            Delta delta,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable JsonNode logprobs,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Choice {
            extra = extra == null ? Map.of() : extra;
        }
    }

    /** What a choice adds in this chunk. */
    public record Delta(
            @Nullable String role,
            @Nullable String content,
            @Nullable String refusal,
            @JsonProperty("tool_calls") @Nullable List<ToolCallDelta> toolCalls,
            @JsonProperty("function_call") @Nullable JsonNode functionCall,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

        public Delta {
            extra = extra == null ? Map.of() : extra;
        }

        public static Delta role(String role) {
            return new Delta(role, null, null, null, null, Map.of());
        }

        public static Delta content(String content) {
            return new Delta(null, content, null, null, null, Map.of());
        }

        public static Delta toolCalls(List<ToolCallDelta> calls) {
            return new Delta(null, null, null, calls, null, Map.of());
        }

        boolean hasContent() {
            return (content != null && !content.isEmpty())
                    || (refusal != null && !refusal.isEmpty())
                    || (toolCalls != null && !toolCalls.isEmpty())
                    || functionCall != null;
        }
    }

    /**
     * A piece of a streamed tool call. The first piece of a call carries {@code id}, {@code type} and the
     * function name; later pieces with the same {@code index} append to {@code function.arguments}.
     */
    public record ToolCallDelta(
            int index,
            @Nullable String id,
            @Nullable String type,
            @Nullable FunctionDelta function,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public ToolCallDelta {
            extra = extra == null ? Map.of() : extra;
        }

        /** A function name (first piece) and/or a fragment of the arguments JSON. */
        public record FunctionDelta(@Nullable String name, @Nullable String arguments) {}
    }
}
