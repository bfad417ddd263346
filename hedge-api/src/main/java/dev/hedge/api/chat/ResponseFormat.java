package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The requested output format.
 *
 * @param type {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema with {@code json_schema}: the schema's name, description, schema and strictness
 */
public record ResponseFormat(
        String type,
        @JsonProperty("json_schema") @Nullable JsonSchema jsonSchema,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ResponseFormat {
        extra = extra == null ? Map.of() : extra;
    }

    /** A named JSON Schema the output must follow. */
    public record JsonSchema(
            String name,
            @Nullable String description,
            @Nullable JsonNode schema,
            @Nullable Boolean strict,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public JsonSchema {
            extra = extra == null ? Map.of() : extra;
        }
    }
}
