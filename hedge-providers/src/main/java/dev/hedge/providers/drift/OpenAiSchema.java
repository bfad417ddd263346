package dev.hedge.providers.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The shapes of OpenAI's answers that clients rely on, read from {@code openai-shapes.json}: a summary of
 * OpenAI's OpenAPI spec (the version is in {@link #source()}) written by {@code scripts/openai-shapes.py}.
 */
final class OpenAiSchema {

    /** One node of a shape: its JSON type, whether null is allowed, enum values, fields or items. */
    record Shape(String type, boolean nullable, List<String> values, Set<String> required, Map<String, Shape> fields,
            @Nullable Shape items) {

        boolean isAny() {
            return type.equals("any");
        }
    }

    private static final OpenAiSchema INSTANCE = load();

    private final String source;
    private final Map<String, Shape> shapes;

    private OpenAiSchema(String source, Map<String, Shape> shapes) {
        this.source = source;
        this.shapes = shapes;
    }

    static OpenAiSchema get() {
        return INSTANCE;
    }

    /** Where the summary comes from: the spec's repository, commit and version. */
    String source() {
        return source;
    }

    Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalArgumentException("shape: %s (expected one of: %s)".formatted(name, shapes.keySet()));
        }
        return shape;
    }

    /**
     * The enum values of the string at {@code path} in {@code name}'s shape, e.g. {@code choices[].finish_reason}
     * ({@code []} steps into an array's items); empty when the string may be any.
     */
    List<String> values(String name, String path) {
        Shape at = shape(name);
        for (String step : path.split("\\.")) {
            boolean items = step.endsWith("[]");
            Shape field = at.fields().get(items ? step.substring(0, step.length() - 2) : step);
            at = field == null || !items ? field : field.items();
            if (at == null) {
                throw new IllegalArgumentException("path: %s (expected a field of %s)".formatted(path, name));
            }
        }
        return at.values();
    }

    private static OpenAiSchema load() {
        try (InputStream in = OpenAiSchema.class.getResourceAsStream("openai-shapes.json")) {
            if (in == null) {
                throw new IllegalStateException("openai-shapes.json is missing from the classpath");
            }
            JsonNode root = Json.tree(in.readAllBytes());
            Map<String, Shape> shapes = new LinkedHashMap<>();
            root.path("shapes").properties().forEach(e -> shapes.put(e.getKey(), shape(e.getValue())));
            return new OpenAiSchema(root.path("source").asText(), shapes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Shape shape(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.path("enum").forEach(v -> values.add(v.asText()));
        Set<String> required = new TreeSet<>();
        node.path("required").forEach(v -> required.add(v.asText()));
        Map<String, Shape> fields = new LinkedHashMap<>();
        node.path("fields").properties().forEach(e -> fields.put(e.getKey(), shape(e.getValue())));
        return new Shape(node.path("type").asText("any"), node.path("nullable").asBoolean(false), List.copyOf(values),
                Set.copyOf(required), Map.copyOf(fields), node.has("items") ? shape(node.get("items")) : null);
    }
}
