package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Models running inside Hedge, offline, through the official OpenAI SDK. */
class LocalModelsEndToEndTest {

    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() throws java.io.IOException {
        java.nio.file.Path models = java.nio.file.Files.createTempDirectory("hedge-models-");
        java.nio.file.Files.createSymbolicLink(models.resolve("stories260K.gguf"),
                SharedModels.path("stories260K.gguf"));
        hedge = TestHedge.start("local: { models-dir: \"%s\" }\n".formatted(models));
        client = hedge.client();
    }

    @Test
    void streamsALocalGgufModelTokenByTokenWithRealUsage() {
        java.util.List<com.openai.models.chat.completions.ChatCompletionChunk> chunks;
        try (var stream = client.chat().completions().createStreaming(
                com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                        .model("local/stories260K")
                        .addUserMessage("Once upon a time")
                        .maxCompletionTokens(24)
                        .seed(42)
                        .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                                .includeUsage(true).build())
                        .build())) {
            chunks = stream.stream().toList();
        }
        long contentChunks = chunks.stream().flatMap(c -> c.choices().stream())
                .filter(choice -> choice.delta().content().filter(t -> !t.isEmpty()).isPresent()).count();
        assertThat(contentChunks).isGreaterThan(5);
        var usage = chunks.getLast().usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(24);
        assertThat(usage.promptTokens()).isGreaterThan(3);
        assertThat(chunks.stream().flatMap(c -> c.choices().stream())
                .map(choice -> choice.finishReason().map(r -> r.asString()).orElse(""))
                .filter(r -> !r.isEmpty())).containsExactly("length");
    }

    @Test
    void answersFromALocalGgufModelInOnePiece() {
        var completion = client.chat().completions().create(
                com.openai.models.chat.completions.ChatCompletionCreateParams.builder()
                        .model("local/stories260K")
                        .addSystemMessage("You tell stories.")
                        .addUserMessage("Lily went to the park")
                        .maxCompletionTokens(16)
                        .build());
        assertThat(completion.choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).isNotBlank());
        assertThat(completion.usage().orElseThrow().completionTokens()).isBetween(1L, 16L);
    }

    @AfterAll
    static void stop() {
        hedge.close();
    }

    @Test
    void listsTheLocalEmbeddingModelWithZeroConfiguration() {
        assertThat(client.models().list().data()).extracting(Model::id)
                .contains("local/all-minilm-l6-v2", "local/stories260K");
    }

    @Test
    void embedsInProcessAsFloatsAndAsBase64() {
        EmbeddingCreateParams.Builder params = EmbeddingCreateParams.builder()
                .model("local/all-minilm-l6-v2")
                .inputOfArrayOfStrings(java.util.List.of("The cat sits on the mat.", "A kitten sits on a rug."));

        CreateEmbeddingResponse floats = client.embeddings().create(
                params.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
        CreateEmbeddingResponse base64 = client.embeddings().create(
                params.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

        assertThat(floats.data()).hasSize(2);
        var first = floats.data().getFirst().embedding();
        assertThat(first).hasSize(384);
        double norm = Math.sqrt(first.stream().mapToDouble(v -> v * v).sum());
        assertThat(norm).isCloseTo(1.0, within(1e-3));
        var decoded = base64.data().getFirst().embedding();
        assertThat(decoded).hasSize(384);
        for (int i = 0; i < 384; i++) {
            assertThat(decoded.get(i)).isCloseTo(first.get(i), within(1e-6f));
        }
        assertThat(floats.usage().promptTokens()).isGreaterThan(10);
        assertThat(floats.model()).isEqualTo("all-minilm-l6-v2");
    }

    @Test
    void tokenIdInputsGetAClear400() {
        var response = hedge.post("/embeddings", "{\"model\":\"local/all-minilm-l6-v2\",\"input\":[[1,2,3]]}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("token-id inputs are not supported");
    }
}
