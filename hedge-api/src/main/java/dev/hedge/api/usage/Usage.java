package dev.hedge.api.usage;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Token usage of one request, as OpenAI reports it ({@code CompletionUsage}). Counts are tokens.
 *
 * @param extra fields OpenAI's schema does not define (vendor extensions), kept for pass-through
 */
public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens,
        @JsonProperty("prompt_tokens_details") @Nullable PromptTokensDetails promptTokensDetails,
        @JsonProperty("completion_tokens_details") @Nullable CompletionTokensDetails completionTokensDetails,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Usage {
        extra = extra == null ? Map.of() : extra;
    }

    /** Usage with just prompt and completion counts; the total is their sum. */
    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, null, null, Map.of());
    }

    /** Cached prompt tokens, 0 when not reported. */
    public int cachedTokens() {
        return promptTokensDetails == null || promptTokensDetails.cachedTokens() == null
                ? 0
                : promptTokensDetails.cachedTokens();
    }

    /**
     * Prompt tokens written to a prompt cache ({@code prompt_tokens_details.cache_write_tokens}, part of
     * prompt tokens; Anthropic's cache creation), 0 when not reported.
     */
    public int cacheWriteTokens() {
        if (promptTokensDetails == null) {
            return 0;
        }
        JsonNode written = promptTokensDetails.extra().get("cache_write_tokens");
        return written == null || !written.canConvertToInt() ? 0 : written.asInt();
    }

    /** Reasoning tokens (part of completion tokens), 0 when not reported. */
    public int reasoningTokens() {
        return completionTokensDetails == null || completionTokensDetails.reasoningTokens() == null
                ? 0
                : completionTokensDetails.reasoningTokens();
    }

    /** This usage without vendor extensions. */
    public Usage withoutExtra() {
        return extra.isEmpty() ? this : new Usage(promptTokens, completionTokens, totalTokens,
                promptTokensDetails, completionTokensDetails, Map.of());
    }

    /** Breakdown of prompt tokens. */
    public record PromptTokensDetails(
            @JsonProperty("cached_tokens") @Nullable Integer cachedTokens,
            @JsonProperty("audio_tokens") @Nullable Integer audioTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public PromptTokensDetails {
            extra = extra == null ? Map.of() : extra;
        }
    }

    /** Breakdown of completion tokens. */
    public record CompletionTokensDetails(
            @JsonProperty("reasoning_tokens") @Nullable Integer reasoningTokens,
            @JsonProperty("audio_tokens") @Nullable Integer audioTokens,
            @JsonProperty("accepted_prediction_tokens") @Nullable Integer acceptedPredictionTokens,
            @JsonProperty("rejected_prediction_tokens") @Nullable Integer rejectedPredictionTokens,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public CompletionTokensDetails {
            extra = extra == null ? Map.of() : extra;
        }
    }
}
