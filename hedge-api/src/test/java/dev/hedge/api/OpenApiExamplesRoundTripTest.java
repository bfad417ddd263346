package dev.hedge.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.embeddings.EmbeddingResponse;
import dev.hedge.api.json.Json;
import dev.hedge.api.models.ModelList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request and response example in OpenAI's published spec reads into our wire types and writes back
 * to the same JSON (a field written as {@code null} and a missing field count as the same).
 */
class OpenApiExamplesRoundTripTest {

    private static final Pattern CURL_BODY = Pattern.compile("-d '(\\{.*?})'\\s*$", Pattern.DOTALL);
    /** The spec's examples are hand-written; some carry a trailing comma, which says nothing about our types. */
    private static final JsonMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    private static JsonNode spec;

    @BeforeAll
    static void loadSpec() throws IOException {
        spec = Json.tree(Files.readAllBytes(SharedData.path("openai-openapi/openapi.json")));
    }

    static Stream<Arguments> examples() throws IOException {
        loadSpec();
        List<Arguments> out = new ArrayList<>();
        Map<String, Class<?>[]> paths = Map.of(
                "/chat/completions", new Class<?>[] {ChatCompletionRequest.class, ChatCompletion.class, ChatCompletionChunk.class},
                "/completions", new Class<?>[] {CompletionRequest.class, Completion.class, Completion.class},
                "/embeddings", new Class<?>[] {EmbeddingRequest.class, EmbeddingResponse.class, EmbeddingResponse.class},
                "/models", new Class<?>[] {Void.class, ModelList.class, ModelList.class});
        paths.forEach((path, types) -> {
            JsonNode operation = spec.path("paths").path(path);
            JsonNode method = operation.path(path.equals("/models") ? "get" : "post");
            {
                JsonNode examples = method.path("x-oaiMeta").path("examples");
                List<JsonNode> list = new ArrayList<>();
                if (examples.isArray()) {
                    examples.forEach(list::add);
                } else if (examples.isObject()) {
                    list.add(examples);
                }
                for (JsonNode example : list) {
                    String title = path + " " + example.path("title").asText("default");
                    Matcher body = CURL_BODY.matcher(example.path("request").path("curl").asText());
                    if (types[0] != Void.class && body.find()) {
                        out.add(Arguments.of(title + " request", body.group(1), types[0]));
                    }
                    String response = example.path("response").asText();
                    boolean streamed = response.trim().startsWith("{") && response.contains("\n\n{");
                    for (String document : streamed ? response.split("\n\n") : new String[] {response}) {
                        if (isJson(document)) {
                            out.add(Arguments.of(title + " response", document.trim(), streamed ? types[2] : types[1]));
                        }
                    }
                }
            }
        });
        Map<String, Class<?>> schemas = Map.of(
                "CreateChatCompletionResponse", ChatCompletion.class,
                "CreateChatCompletionStreamResponse", ChatCompletionChunk.class,
                "CreateCompletionResponse", Completion.class,
                "Model", ModelList.Model.class);
        schemas.forEach((name, type) -> {
            String example = spec.path("components").path("schemas").path(name).path("x-oaiMeta").path("example").asText();
            for (String document : example.split("\n\n")) {
                if (isJson(document)) {
                    out.add(Arguments.of(name + " schema example", document.trim(), type));
                }
            }
        });
        return out.stream();
    }

    /** Some examples in the spec are abbreviated ("...."); those are not JSON and cannot round-trip. */
    private static boolean isJson(String document) {
        try {
            return !document.isBlank() && LENIENT.readTree(document) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void roundTripsSpecExample(String title, String json, Class<?> type) throws IOException {
        JsonNode original = LENIENT.readTree(json);
        Object parsed = Json.read(LENIENT.writeValueAsBytes(original), type);
        JsonNode written = Json.tree(Json.write(parsed));
        assertThat(withoutNulls(written)).as(title).isEqualTo(withoutNulls(original));
    }

    @Test
    void specHasExamplesForEveryEndpoint() throws IOException {
        assertThat(examples().map(a -> (String) a.get()[0]))
                .anyMatch(t -> t.startsWith("/chat/completions Streaming response"))
                .anyMatch(t -> t.startsWith("/chat/completions Functions request"))
                .anyMatch(t -> t.startsWith("/chat/completions Image input request"))
                .anyMatch(t -> t.startsWith("/completions"))
                .anyMatch(t -> t.startsWith("/embeddings"))
                .anyMatch(t -> t.startsWith("/models"))
                .anyMatch(t -> t.startsWith("CreateChatCompletionStreamResponse"))
                .hasSizeGreaterThan(15);
    }

    /** A copy without null-valued fields, numbers compared by value. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = Json.mapper().createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        if (node.isNumber()) {
            return Json.mapper().getNodeFactory().numberNode(node.decimalValue().stripTrailingZeros());
        }
        return node;
    }
}
