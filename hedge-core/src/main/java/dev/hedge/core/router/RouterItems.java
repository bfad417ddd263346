package dev.hedge.core.router;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads router items in the JSONL format of {@code shared/data/routing} (one object per line:
 * {@code id}, {@code source}, {@code prompt}, {@code scores: {model: number}}, {@code scale: [min, max]}).
 */
public final class RouterItems {

    private RouterItems() {}

    /**
     * The items of {@code file} and how many lacked a score for {@code strong} or {@code weak}.
     *
     * @param items the items scored for both models, in file order
     * @param skipped items without both scores
     */
    public record Loaded(List<RouterItem> items, int skipped) {}

    /**
     * Reads {@code file}, keeping the items that score both {@code strong} and {@code weak}.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed item
     */
    public static Loaded read(Path file, String strong, String weak) {
        List<RouterItem> items = new ArrayList<>();
        int skipped = 0;
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.tree(line.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalArgumentException("%s:%d: not JSON (%s)".formatted(file, lineNumber, e.getMessage()));
                }
                JsonNode scores = node.path("scores");
                if (!scores.path(strong).isNumber() || !scores.path(weak).isNumber()) {
                    skipped++;
                    continue;
                }
                items.add(item(node, strong, weak, file, lineNumber));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Loaded(List.copyOf(items), skipped);
    }

    private static RouterItem item(JsonNode node, String strong, String weak, Path file, int line) {
        String id = text(node, "id", file, line);
        String prompt = text(node, "prompt", file, line);
        JsonNode scale = node.path("scale");
        double min = 0;
        double max = 1;
        if (scale.isArray() && scale.size() == 2 && scale.get(0).isNumber() && scale.get(1).isNumber()) {
            min = scale.get(0).asDouble();
            max = scale.get(1).asDouble();
        } else if (!scale.isMissingNode()) {
            throw new IllegalArgumentException("%s:%d: scale must be [min, max]".formatted(file, line));
        }
        String source = node.path("source").isTextual() ? node.path("source").asText() : "unknown";
        try {
            JsonNode scores = node.path("scores");
            return new RouterItem(id, source, prompt, scores.path(strong).asDouble(), scores.path(weak).asDouble(), min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%s:%d: %s".formatted(file, line, e.getMessage()));
        }
    }

    private static String text(JsonNode node, String field, Path file, int line) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("%s:%d: %s must be a string".formatted(file, line, field));
        }
        return value.asText();
    }
}
