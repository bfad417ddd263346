package dev.hedge.api.embeddings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/embeddings} request body ({@code CreateEmbeddingRequest}).
 *
 * @param input a string, an array of strings, an array of token ids or an array of such arrays
 * @param encodingFormat {@code float} (default) or {@code base64} (little-endian float32)
 */
public record EmbeddingRequest(
        @Nullable String model,
        @Nullable JsonNode input,
        @JsonProperty("encoding_format") @Nullable String encodingFormat,
        @Nullable Integer dimensions,
        @Nullable String user,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public EmbeddingRequest {
        extra = extra == null ? Map.of() : extra;
    }

    public EmbeddingRequest withModel(String upstreamModel) {
        return new EmbeddingRequest(upstreamModel, input, encodingFormat, dimensions, user, extra);
    }

    /** Whether vectors are to be returned base64-encoded. */
    public boolean wantsBase64() {
        return "base64".equals(encodingFormat);
    }
}
