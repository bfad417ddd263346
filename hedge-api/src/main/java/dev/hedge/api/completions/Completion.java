package dev.hedge.api.completions;

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
 * A text completion ({@code CreateCompletionResponse}); a streamed response is a series of these, each
 * carrying the next piece of text, with usage on the last when asked for.
 *
 * @param object always {@code text_completion}
 */
public record Completion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        @Nullable Usage usage,
        @JsonProperty("system_fingerprint") @Nullable String systemFingerprint,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static final String OBJECT = "text_completion";

    public Completion {
        extra = extra == null ? Map.of() : extra;
    }

    public Completion withUsage(@Nullable Usage newUsage) {
        return new Completion(id, object, created, model, choices, newUsage, systemFingerprint, extra);
    }

    /** Whether this (chunk) carries text, a finish reason or usage. */
    public boolean hasContent() {
        if (usage != null) {
            return true;
        }
        for (Choice choice : choices) {
            if (!choice.text().isEmpty() || choice.finishReason() != null) {
                return true;
            }
        }
        return false;
    }

    /** One generated alternative (or, streamed, the next piece of it). */
    public record Choice(
            String text,
            int index,
            @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable JsonNode logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String finishReason,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Choice {
            extra = extra == null ? Map.of() : extra;
        }
    }
}
