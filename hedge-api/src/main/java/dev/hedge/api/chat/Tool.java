package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool the model may call.
 *
 * @param type {@code function} (other types pass through in {@code extra})
 */
public record Tool(
        String type,
        @Nullable FunctionDefinition function,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public Tool {
        extra = extra == null ? Map.of() : extra;
    }

    public static Tool function(String name, @Nullable String description, @Nullable JsonNode parameters) {
        return new Tool("function", new FunctionDefinition(name, description, parameters, null, Map.of()), Map.of());
    }

    /**
     * A function definition.
     *
     * @param parameters a JSON Schema object describing the arguments
     */
    public record FunctionDefinition(
            String name,
            @Nullable String description,
            @Nullable JsonNode parameters,
            @Nullable Boolean strict,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {
        public FunctionDefinition {
            extra = extra == null ? Map.of() : extra;
        }
    }
}
