package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What the dialect end-to-end tests share: golden files, shared fixtures, SDK stream assembly. */
final class DialectSupport {

    private DialectSupport() {}

    /** A golden file from {@code src/test/resources/golden} as a JSON tree. */
    static JsonNode golden(String name) {
        try (InputStream in = DialectSupport.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file missing: golden/" + name);
            }
            return Json.tree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} is the golden JSON (key order aside). */
    static void assertGolden(String name, JsonNode actual) {
        assertThat(actual).as("upstream request vs golden/%s:%n%s", name, actual.toPrettyString())
                .isEqualTo(golden(name));
    }

    /** A file of the team's shared data ({@code shared/data/...}) above the working directory; fails if missing. */
    static byte[] shared(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path path = dir.resolve("shared").resolve("data").resolve(relative);
            if (Files.exists(path)) {
                try {
                    return Files.readAllBytes(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        String configured = System.getProperty("hedge.shared.dir");
        Path path = Path.of(Objects.requireNonNullElse(configured, "../shared"), "data", relative);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException("shared test data not found: data/" + relative, e);
        }
    }

    /** The text of a streamed answer's first choice. */
    static String text(List<ChatCompletionChunk> chunks) {
        StringBuilder text = new StringBuilder();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                choice.delta().content().ifPresent(text::append);
            }
        }
        return text.toString();
    }

    /** Streamed tool calls assembled by index: "id name arguments". */
    static Map<Long, String> toolCalls(List<ChatCompletionChunk> chunks) {
        Map<Long, String> ids = new TreeMap<>();
        Map<Long, String> names = new TreeMap<>();
        Map<Long, String> arguments = new TreeMap<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                    call.id().ifPresent(id -> ids.put(call.index(), id));
                    call.function().flatMap(f -> f.name()).ifPresent(name -> names.put(call.index(), name));
                    call.function().flatMap(f -> f.arguments())
                            .ifPresent(args -> arguments.merge(call.index(), args, String::concat));
                }
            }
        }
        Map<Long, String> calls = new TreeMap<>();
        names.forEach((index, name) -> calls.put(index,
                ids.get(index) + " " + name + " " + arguments.getOrDefault(index, "")));
        return calls;
    }

    /** The finish reason of the stream's first choice. */
    static String finishReason(List<ChatCompletionChunk> chunks) {
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                if (choice.finishReason().isPresent()) {
                    return choice.finishReason().get().asString();
                }
            }
        }
        throw new AssertionError("no finish reason in the stream");
    }

    static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(
                                        Map.of("location", Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                .build())
                        .build())
                .build();
    }
}
