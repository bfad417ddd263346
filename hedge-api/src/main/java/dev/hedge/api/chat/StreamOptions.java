package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Options for a streamed response.
 *
 * @param includeUsage when true, a last chunk with empty {@code choices} carries the request's usage
 */
public record StreamOptions(
        @JsonProperty("include_usage") @Nullable Boolean includeUsage,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public StreamOptions {
        extra = extra == null ? Map.of() : extra;
    }

    public static StreamOptions withUsage() {
        return new StreamOptions(true, Map.of());
    }

    public boolean wantsUsage() {
        return Boolean.TRUE.equals(includeUsage);
    }
}
