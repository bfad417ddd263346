package dev.hedge.api.models;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/models} response.
 *
 * @param object always {@code list}
 */
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> data) {
        return new ModelList("list", data);
    }

    /**
     * One model a client may name.
     *
     * @param object always {@code model}
     * @param created Unix seconds
     */
    public record Model(
            String id,
            String object,
            long created,
            @JsonProperty("owned_by") String ownedBy,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public Model {
            extra = extra == null ? Map.of() : extra;
        }

        public static Model of(String id, long created, String ownedBy) {
            return new Model(id, "model", created, ownedBy, Map.of());
        }
    }
}
