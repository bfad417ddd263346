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
 * A complete (non-streamed) chat response ({@code CreateChatCompletionResponse}).
 *
 * @param object always {@code chat.completion}
 * @param created Unix seconds
 */
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @Nullable Usage usage,
        @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
        @JsonProperty("service_tier") @Nullable String serviceTier,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static final String OBJECT = "chat.completion";

    public ChatCompletion {
        extra = extra == null ? Map.of() : extra;
    }

    /** The same response with other usage. */
    public ChatCompletion withUsage(@Nullable Usage newUsage) {
        return new ChatCompletion(id, object, created, model, choices, newUsage, systemFingerprint, serviceTier,
                extra);
    }

    /**
     * One generated alternative.
     *
     * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter} or
     *     {@code function_call}
     * @param logprobs passed through as the supplier sent them
     */
    public record Choice(
            int index,
            ChatMessage message,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable JsonNode logprobs,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Choice {
            extra = extra == null ? Map.of() : extra;
        }
    }
}
