package dev.hedge.api.embeddings;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/embeddings} response ({@code CreateEmbeddingResponse}).
 *
 * @param object always {@code list}
 */
public record EmbeddingResponse(
        String object,
        List<Embedding> data,
        String model,
        EmbeddingUsage usage,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public EmbeddingResponse {
        extra = extra == null ? Map.of() : extra;
    }

    public static EmbeddingResponse of(List<Embedding> data, String model, int promptTokens) {
        return new EmbeddingResponse("list", data, model, new EmbeddingUsage(promptTokens, promptTokens), Map.of());
    }

    /**
     * One input's vector.
     *
     * @param object always {@code embedding}
     * @param index the input's position in the request
     */
    public record Embedding(String object, int index, EmbeddingVector embedding) {
        public static Embedding of(int index, EmbeddingVector vector) {
            return new Embedding("embedding", index, vector);
        }
    }

    /** Token counts of an embeddings request. */
    public record EmbeddingUsage(
            @JsonProperty("prompt_tokens") int promptTokens, @JsonProperty("total_tokens") int totalTokens) {}
}
