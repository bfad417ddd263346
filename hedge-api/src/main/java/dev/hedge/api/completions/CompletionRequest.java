package dev.hedge.api.completions;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.StreamOptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/completions} request body ({@code CreateCompletionRequest}); untyped parameters are kept
 * in {@link #extra()} and forwarded.
 *
 * @param prompt a string, an array of strings, an array of token ids or an array of such arrays
 */
public record CompletionRequest(
        @Nullable String model,
        @Nullable JsonNode prompt,
        @Nullable Boolean stream,
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
        @JsonProperty("max_tokens") @Nullable Integer maxTokens,
        @Nullable Integer n,
        @Nullable Double temperature,
        @JsonProperty("top_p") @Nullable Double topP,
        @Nullable JsonNode stop,
        @Nullable Long seed,
        @Nullable String user,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public CompletionRequest {
        extra = extra == null ? Map.of() : extra;
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    public CompletionRequest withModel(String upstreamModel) {
        return new CompletionRequest(upstreamModel, prompt, stream, streamOptions, maxTokens, n, temperature, topP,
                stop, seed, user, extra);
    }

    public CompletionRequest withStreamOptions(@Nullable StreamOptions options) {
        return new CompletionRequest(model, prompt, stream, options, maxTokens, n, temperature, topP, stop, seed,
                user, extra);
    }
}
