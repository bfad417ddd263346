package dev.hedge.app;

import static dev.hedge.app.AnthropicEndToEndTest.assertError;
import static dev.hedge.app.DialectSupport.assertGolden;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hedge.testing.FakeGemini;
import dev.hedge.testing.RecordedRequest;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK against Hedge in front of a fake Gemini API. */
class GeminiEndToEndTest {

    private static FakeGemini gemini;
    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        gemini = FakeGemini.start();
        hedge = TestHedge.start("""
                providers:
                  - name: google
                    dialect: gemini
                    base-url: %s
                    api-key: ${GEMINI_KEY}
                models:
                  - name: flash
                    deployments:
                      - provider: google
                        model: gemini-2.0-flash
                        input-usd-per-mtok: 0.10
                        output-usd-per-mtok: 0.40
                  - name: gemini-embedding
                    deployments:
                      - provider: google
                        model: text-embedding-004
                        input-usd-per-mtok: 0.0
                        output-usd-per-mtok: 0.0
                """.formatted(gemini.baseUrl()), Map.of("GEMINI_KEY", "AIza-secret-0123456789"));
        client = hedge.client();
    }

    @AfterAll
    static void stop() {
        hedge.close();
        gemini.close();
    }

    @AfterEach
    void everyScriptWasUsed() {
        gemini.upstream().assertAllConsumed();
        gemini.upstream().reset();
    }

    private static ChatCompletionCreateParams.Builder hello() {
        return ChatCompletionCreateParams.builder().model("flash").addSystemMessage("Be brief.")
                .addUserMessage("Say hello").temperature(0.2).maxCompletionTokens(100);
    }

    @Test
    void generateContentIsTranslatedBothWays() {
        gemini.enqueue(FakeGemini.text("Hello!", "STOP", 9, 2));

        ChatCompletion completion = client.chat().completions().create(hello().build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(9);
            assertThat(usage.completionTokens()).isEqualTo(2);
        });
        RecordedRequest sent = gemini.upstream().lastRequest();
        assertThat(sent.uri()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(sent.header("x-goog-api-key")).isEqualTo("AIza-secret-0123456789");
        assertGolden("gemini/chat.request.json", sent.json());
    }

    @Test
    void streamGenerateContentBecomesAnOpenAiStreamWithUsage() {
        gemini.enqueue(FakeGemini.streamText(List.of("Hel", "lo", "!"), "STOP", 9, 3));

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(DialectSupport.text(chunks)).isEqualTo("Hello!");
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("stop");
        assertThat(chunks.getLast().usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(9);
            assertThat(usage.completionTokens()).isEqualTo(3);
        });
        assertThat(gemini.upstream().lastRequest().uri())
                .isEqualTo("/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse");
    }

    @Test
    void functionCallsRoundTrip() {
        gemini.enqueue(FakeGemini.functionCall("get_weather", Map.of("location", "Paris"), 30, 5));

        ChatCompletion completion = client.chat().completions().create(hello()
                .addTool(DialectSupport.weatherTool()).build());

        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Paris\"}");
        JsonNode declaration = gemini.upstream().lastRequest().json().path("tools").get(0)
                .path("functionDeclarations").get(0);
        assertThat(declaration.path("name").asText()).isEqualTo("get_weather");

        gemini.enqueue(FakeGemini.text("18°C in Paris.", "STOP", 50, 6));
        HttpResponse<String> answer = hedge.post("/chat/completions", """
                {"model":"flash","tool_choice":"required",
                 "messages":[{"role":"user","content":"Weather in Paris?"},
                             {"role":"assistant","content":null,"tool_calls":[{"id":"%s","type":"function",
                               "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
                             {"role":"tool","tool_call_id":"%s","content":"{\\"celsius\\":18}"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object","additionalProperties":false,
                                 "properties":{"location":{"type":"string"}},"required":["location"]}}}]}
                """.formatted(call.id(), call.id()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertGolden("gemini/function-response.request.json", gemini.upstream().lastRequest().json());
    }

    @Test
    void streamedFunctionCallIsOneToolCallDelta() {
        gemini.enqueue(Script.stream()
                .event(FakeGemini.response(List.of(Map.of("functionCall",
                        Map.of("name", "get_weather", "args", Map.of("location", "Rome")))), "STOP", 30, 5))
                .end());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                hello().addTool(DialectSupport.weatherTool()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(DialectSupport.toolCalls(chunks)).hasSize(1).hasEntrySatisfying(0L,
                call -> assertThat(call).endsWith("get_weather {\"location\":\"Rome\"}"));
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("tool_calls");
    }

    @Test
    void imagesGoInlineOrAsFileData() {
        gemini.enqueue(FakeGemini.text("A cat.", "STOP", 300, 3));

        client.chat().completions().create(ChatCompletionCreateParams.builder().model("flash")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in these images?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("https://example.com/cat.png").build()).build())))
                .build());

        assertGolden("gemini/images.request.json", gemini.upstream().lastRequest().json());
    }

    @Test
    void safetyBlocksFinishAsContentFilter() {
        gemini.enqueue(FakeGemini.text("", "SAFETY", 9, 0), FakeGemini.promptBlocked("SAFETY"));

        ChatCompletion stopped = client.chat().completions().create(hello().build());
        ChatCompletion blocked = client.chat().completions().create(hello().build());

        assertThat(stopped.choices().getFirst().finishReason().asString()).isEqualTo("content_filter");
        assertThat(blocked.choices().getFirst().finishReason().asString()).isEqualTo("content_filter");
    }

    @Test
    void embeddingsGoThroughBatchEmbedContents() {
        gemini.enqueue(Script.ok(Map.of("embeddings", List.of(Map.of("values", List.of(0.25, -0.5)),
                Map.of("values", List.of(1.0, 0.0))))));

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("gemini-embedding").inputOfArrayOfStrings(List.of("one", "two")).build());

        assertThat(response.data()).hasSize(2);
        assertThat(response.data().get(0).embedding()).containsExactly(0.25f, -0.5f);
        assertThat(response.data().get(1).index()).isEqualTo(1);
        RecordedRequest sent = gemini.upstream().lastRequest();
        assertThat(sent.uri()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(sent.json().path("requests").get(1).path("content").path("parts").get(0).path("text").asText())
                .isEqualTo("two");
        assertThat(sent.json().path("requests").get(0).path("model").asText()).isEqualTo("models/text-embedding-004");
    }

    @Test
    void googleErrorsBecomeOpenAiErrors() throws IOException {
        gemini.enqueue(FakeGemini.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded"));
        assertError(hedge.post("/chat/completions", body()), 429, "rate_limit_error", "quota exceeded");

        gemini.enqueue(FakeGemini.error(400, "INVALID_ARGUMENT", "Invalid JSON payload"));
        assertError(hedge.post("/chat/completions", body()), 400, "invalid_request_error", "invalid json payload");

        gemini.enqueue(FakeGemini.error(403, "PERMISSION_DENIED", "API key not valid"));
        assertError(hedge.post("/chat/completions", body()), 502, "upstream_error", "api key not valid");

        gemini.enqueue(FakeGemini.error(503, "UNAVAILABLE", "The model is overloaded"));
        assertError(hedge.post("/chat/completions", body()), 503, "overloaded_error", "overloaded");
    }

    private static String body() {
        return "{\"model\":\"flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }
}
