package dev.hedge.app;

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
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.hedge.api.json.Json;
import dev.hedge.testing.FakeAnthropic;
import dev.hedge.testing.RecordedRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI SDK against Hedge in front of a fake Anthropic Messages API. */
class AnthropicEndToEndTest {

    private static final String MODEL = "claude-sonnet-4-20250514";
    private static FakeAnthropic anthropic;
    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        anthropic = FakeAnthropic.start();
        hedge = TestHedge.start("""
                providers:
                  - name: claude
                    dialect: anthropic
                    base-url: %s
                    api-key: ${ANTHROPIC_KEY}
                models:
                  - name: claude-sonnet
                    deployments:
                      - provider: claude
                        model: %s
                        input-usd-per-mtok: 3.00
                        output-usd-per-mtok: 15.00
                """.formatted(anthropic.baseUrl(), MODEL), Map.of("ANTHROPIC_KEY", "sk-ant-secret-0123456789"));
        client = hedge.client();
    }

    @AfterAll
    static void stop() {
        hedge.close();
        anthropic.close();
    }

    @AfterEach
    void everyScriptWasUsed() {
        anthropic.upstream().assertAllConsumed();
        anthropic.upstream().reset();
    }

    private static ChatCompletionCreateParams.Builder hello() {
        return ChatCompletionCreateParams.builder().model("claude-sonnet").addSystemMessage("Be brief.")
                .addUserMessage("Say hello");
    }

    @Test
    void chatIsTranslatedBothWaysWithDefaultMaxTokensAndHeaders() {
        anthropic.enqueue(FakeAnthropic.message(MODEL, "Hello!", 12, 3));

        ChatCompletion completion = client.chat().completions().create(hello().build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(12);
            assertThat(usage.completionTokens()).isEqualTo(3);
        });
        RecordedRequest sent = anthropic.upstream().lastRequest();
        assertThat(sent.uri()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-secret-0123456789");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(sent.header("authorization")).isNull();
        assertGolden("anthropic/chat.request.json", sent.json());
    }

    @Test
    void streamsTextWithUsage() {
        anthropic.enqueue(FakeAnthropic.streamText(MODEL, List.of("Hel", "lo", "!"), 12, 4));

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(DialectSupport.text(chunks)).isEqualTo("Hello!");
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("stop");
        assertThat(chunks.getLast().usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(12);
            assertThat(usage.completionTokens()).isEqualTo(4);
        });
        assertThat(anthropic.upstream().lastRequest().json().path("stream").asBoolean()).isTrue();
    }

    @Test
    void recordedToolUseStreamReachesTheSdkAsOneToolCall() {
        anthropic.enqueue(FakeAnthropic.replay(DialectSupport.shared("anthropic/sse_fixtures/tool_use_response.txt")));

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                hello().addTool(DialectSupport.weatherTool()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(DialectSupport.text(chunks)).isEqualTo("I'll check the current weather in Paris for you.");
        assertThat(DialectSupport.toolCalls(chunks)).containsExactly(
                Map.entry(0L, "toolu_01NRLabsLyVHZPKxbKvkfSMn get_weather {\"location\": \"Paris\"}"));
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("tool_calls");
        JsonNode tool = anthropic.upstream().lastRequest().json().path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("input_schema").path("properties").has("location")).isTrue();
    }

    @Test
    void toolUseAndToolResultRoundTrip() {
        anthropic.enqueue(FakeAnthropic.toolUse(MODEL, "Checking.", "toolu_2", "get_weather",
                Map.of("location", "Lyon"), 40, 20));

        ChatCompletion completion = client.chat().completions().create(hello()
                .addTool(DialectSupport.weatherTool())
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .parallelToolCalls(false)
                .maxCompletionTokens(300)
                .build());

        var message = completion.choices().getFirst().message();
        assertThat(completion.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        assertThat(message.toolCalls()).hasValueSatisfying(calls -> assertThat(calls).singleElement()
                .satisfies(call -> {
                    assertThat(call.asFunction().id()).isEqualTo("toolu_2");
                    assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
                    assertThat(call.asFunction().function().arguments()).isEqualTo("{\"location\":\"Lyon\"}");
                }));
        JsonNode sent = anthropic.upstream().lastRequest().json();
        assertThat(sent.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(sent.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(300);

        // the client sends the result back: tool_use and tool_result blocks, alternating turns
        anthropic.enqueue(FakeAnthropic.message(MODEL, "It is 18°C in Lyon.", 60, 9));
        HttpResponse<String> answer = hedge.post("/chat/completions", """
                {"model":"claude-sonnet","max_tokens":300,"temperature":1.5,"stop":["END"],
                 "messages":[{"role":"system","content":"Be brief."},
                             {"role":"user","content":"Weather in Lyon?"},
                             {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_2","type":"function",
                               "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Lyon\\"}"}}]},
                             {"role":"tool","tool_call_id":"toolu_2","content":"18°C"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]}
                """);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("It is 18°C in Lyon.");
        assertGolden("anthropic/tool-result.request.json", anthropic.upstream().lastRequest().json());
    }

    @Test
    void imagesGoAsBase64AndUrlSources() {
        anthropic.enqueue(FakeAnthropic.message(MODEL, "A cat.", 900, 3));

        client.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in these images?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=").build()).build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("https://example.com/cat.jpg").build()).build())))
                .build());

        assertGolden("anthropic/images.request.json", anthropic.upstream().lastRequest().json());
    }

    @Test
    void supplierErrorsBecomeOpenAiErrorsWithTheRightStatus() throws IOException {
        anthropic.enqueue(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key"));
        assertError(hedge.post("/chat/completions", body()), 502, "upstream_error", "invalid x-api-key");

        anthropic.enqueue(FakeAnthropic.error(429, "rate_limit_error", "Number of requests has exceeded your rate limit")
                .header("retry-after", "7"));
        HttpResponse<String> limited = hedge.post("/chat/completions", body());
        assertError(limited, 429, "rate_limit_error", "rate limit");
        assertThat(limited.headers().firstValue("retry-after")).contains("7");

        anthropic.enqueue(FakeAnthropic.error(529, "overloaded_error", "Overloaded"));
        assertError(hedge.post("/chat/completions", body()), 503, "overloaded_error", "overloaded");

        anthropic.enqueue(FakeAnthropic.error(400, "invalid_request_error", "messages: roles must alternate"));
        assertError(hedge.post("/chat/completions", body()), 400, "invalid_request_error", "roles must alternate");
    }

    @Test
    void overloadedErrorEventBeforeAnyContentIsA503() throws IOException {
        anthropic.enqueue(FakeAnthropic.start(MODEL, 5)
                .event("error", FakeAnthropic.errorEvent("overloaded_error", "Overloaded")).end());

        HttpResponse<String> response = hedge.post("/chat/completions",
                "{\"model\":\"claude-sonnet\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertError(response, 503, "overloaded_error", "overloaded");
    }

    @Test
    void requestsAnthropicCannotServeAre400NamingTheParameter() throws IOException {
        HttpResponse<String> response = hedge.post("/chat/completions",
                "{\"model\":\"claude-sonnet\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("n: 2");
        assertThat(anthropic.upstream().requests()).isEmpty();
    }

    private static String body() {
        return "{\"model\":\"claude-sonnet\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    static void assertError(HttpResponse<String> response, int status, String type, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode error = Json.tree(response.body().getBytes()).path("error");
        assertThat(error.path("type").asText()).as(response.body()).isEqualTo(type);
        assertThat(error.path("message").asText().toLowerCase()).contains(message.toLowerCase());
        assertThat(response.body()).doesNotContain("sk-ant-secret");
    }
}
