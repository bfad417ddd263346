package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import dev.hedge.api.json.Json;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.RecordedRequest;
import dev.hedge.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK against a real Hedge in front of a scripted OpenAI-compatible upstream. */
class ChatEndToEndTest {

    private static FakeUpstream upstream;
    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - name: upstream-a
                    dialect: openai
                    base-url: %s
                    api-key: ${UPSTREAM_A_KEY}
                models:
                  - name: gpt-4o
                    deployments:
                      - provider: upstream-a
                        model: gpt-4o-2024-08-06
                        input-usd-per-mtok: 2.50
                        output-usd-per-mtok: 10.00
                """.formatted(upstream.baseUrl()), Map.of("UPSTREAM_A_KEY", "sk-upstream-secret-abcdef123456"));
        client = hedge.client();
    }

    @AfterAll
    static void stop() {
        hedge.close();
        upstream.close();
    }

    @AfterEach
    void everyScriptWasUsed() {
        upstream.assertAllConsumed();
        upstream.reset();
    }

    private static ChatCompletionCreateParams.Builder hello() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello");
    }

    @Test
    void answersThroughTheSdkWithUsageAndServedByHeaders() {
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-2024-08-06", "Hello!", 9, 3)));

        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(hello().build());
        ChatCompletion completion = response.parse();

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.promptTokens()).isEqualTo(9);
            assertThat(usage.completionTokens()).isEqualTo(3);
        });
        assertThat(response.headers().values("x-request-id")).singleElement().asString().startsWith("req_");
        assertThat(response.headers().values("x-hedge-deployment")).containsExactly("upstream-a/gpt-4o-2024-08-06");
        RecordedRequest sent = upstream.lastRequest();
        assertThat(sent.uri()).isEqualTo("/v1/chat/completions");
        assertThat(sent.json().path("model").asText()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(sent.header("authorization")).isEqualTo("Bearer sk-upstream-secret-abcdef123456");
    }

    @Test
    void streamsThroughTheSdkAndAddsUsageWhenAskedFor() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("m"))
                .event(OpenAiFixtures.contentChunk("m", "Hel"))
                .event(OpenAiFixtures.contentChunk("m", "lo"))
                .event(OpenAiFixtures.finishChunk("m", "stop"))
                .event(OpenAiFixtures.usageChunk("m", 11, 2))
                .done());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        String text = chunks.stream().flatMap(c -> c.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        assertThat(text).isEqualTo("Hello");
        assertThat(chunks.getLast().usage()).hasValueSatisfying(u -> assertThat(u.promptTokens()).isEqualTo(11));
        assertThat(upstream.lastRequest().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void asksUpstreamForUsageButHidesItFromAClientThatDidNotAsk() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.contentChunk("m", "Hi"))
                .event(OpenAiFixtures.finishChunk("m", "stop"))
                .event(OpenAiFixtures.usageChunk("m", 5, 1))
                .done());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello().build())) {
            chunks = stream.stream().toList();
        }

        assertThat(upstream.lastRequest().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
        assertThat(chunks).hasSize(2);
    }

    @Test
    void countsUsageWhenTheSupplierReportsNone() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.contentChunk("m", "one two three"))
                .event(OpenAiFixtures.finishChunk("m", "stop"))
                .done());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage()).hasValueSatisfying(usage -> {
            assertThat(usage.completionTokens()).isEqualTo(3);
            assertThat(usage.promptTokens()).isGreaterThan(3);
        });
    }

    @Test
    void relaysEachChunkBeforeTheUpstreamSendsTheNext() {
        CompletableFuture<Void> secondChunkAllowed = new CompletableFuture<>();
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.contentChunk("m", "first"))
                .await(secondChunkAllowed)
                .event(OpenAiFixtures.contentChunk("m", " second"))
                .event(OpenAiFixtures.finishChunk("m", "stop"))
                .done());

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello().build())) {
                Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
                // the upstream is holding back everything after "first": if Hedge buffered, this would never return
                assertThat(chunks.next().choices().getFirst().delta().content()).contains("first");
                assertThat(secondChunkAllowed).isNotDone();
                secondChunkAllowed.complete(null);
                List<String> rest = new ArrayList<>();
                chunks.forEachRemaining(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(rest::add)));
                assertThat(String.join("", rest)).isEqualTo(" second");
            }
        });
    }

    @Test
    void closesTheUpstreamRequestWhenTheClientLeaves() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.contentChunk("m", "first"))
                .await(never)
                .done());

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello().build())) {
            assertThat(stream.stream().iterator().next().choices()).isNotEmpty();
        }

        // closing the stream closes the client's connection; Hedge must hang up on the upstream in turn
        upstream.lastRequest().connectionClosed().get(10, TimeUnit.SECONDS);
        never.complete(null);
    }

    @Test
    void streamsToolCallDeltasWithTheirIndices() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("m"))
                .event(OpenAiFixtures.toolCallChunk("m", 0, "call_1", "get_weather", ""))
                .event(OpenAiFixtures.toolCallChunk("m", 0, null, null, "{\"city\":"))
                .event(OpenAiFixtures.toolCallChunk("m", 0, null, null, "\"Paris\"}"))
                .event(OpenAiFixtures.toolCallChunk("m", 1, "call_2", "get_time", "{}"))
                .event(OpenAiFixtures.finishChunk("m", "tool_calls"))
                .done());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions()
                .createStreaming(hello().addTool(weatherTool()).build())) {
            chunks = stream.stream().toList();
        }

        Map<Long, String> arguments = new java.util.TreeMap<>();
        Map<Long, String> names = new java.util.TreeMap<>();
        for (ChatCompletionChunk chunk : chunks) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                for (ChatCompletionChunk.Choice.Delta.ToolCall call : choice.delta().toolCalls().orElse(List.of())) {
                    call.function().flatMap(f -> f.name()).ifPresent(name -> names.put(call.index(), name));
                    call.function().flatMap(f -> f.arguments())
                            .ifPresent(args -> arguments.merge(call.index(), args, String::concat));
                }
            }
        }
        assertThat(names).containsExactly(Map.entry(0L, "get_weather"), Map.entry(1L, "get_time"));
        assertThat(arguments).containsEntry(0L, "{\"city\":\"Paris\"}").containsEntry(1L, "{}");
        assertThat(chunks.getLast().choices().getFirst().finishReason()).hasValueSatisfying(
                reason -> assertThat(reason.asString()).isEqualTo("tool_calls"));
        assertThat(upstream.lastRequest().json().path("tools").get(0).path("function").path("name").asText())
                .isEqualTo("get_weather");
    }

    @Test
    void passesJsonSchemaResponseFormatsAndImagePartsUpstreamUnchanged() {
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("m", "{\"answer\":\"a boardwalk\"}", 100, 8)));
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                .text("What is in this image?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                        .url("data:image/png;base64,iVBORw0KGgo=")
                                        .detail(ChatCompletionContentPartImage.ImageUrl.Detail.LOW)
                                        .build())
                                .build())))
                .responseFormat(ResponseFormatJsonSchema.builder()
                        .jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                                .name("answer")
                                .strict(true)
                                .schema(ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object"))
                                        .putAdditionalProperty("properties", JsonValue.from(
                                                Map.of("answer", Map.of("type", "string"))))
                                        .build())
                                .build())
                        .build())
                .putAdditionalBodyProperty("seed", JsonValue.from(7))
                .putAdditionalBodyProperty("vendor_option", JsonValue.from(Map.of("x", 1)))
                .build();

        ChatCompletion completion = client.chat().completions().create(params);

        assertThat(completion.choices().getFirst().message().content()).contains("{\"answer\":\"a boardwalk\"}");
        JsonNode sent = upstream.lastRequest().json();
        JsonNode content = sent.path("messages").get(0).path("content");
        assertThat(content.get(1).path("image_url").path("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        assertThat(content.get(1).path("image_url").path("detail").asText()).isEqualTo("low");
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_schema");
        assertThat(sent.path("response_format").path("json_schema").path("schema").path("properties").path("answer")
                .path("type").asText()).isEqualTo("string");
        assertThat(sent.path("seed").asInt()).isEqualTo(7);
        assertThat(sent.path("vendor_option").path("x").asInt()).isEqualTo(1);
    }

    @Test
    void unknownModelIsA404TheSdkUnderstands() {
        assertThatThrownBy(() -> client.chat().completions().create(
                        ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-model");
    }

    @Test
    void upstreamErrorsArePassedOnInOpenAiShapeWithoutTheSuppliersKey() throws Exception {
        upstream.enqueue(Script.error(400, "invalid_request_error",
                "Invalid value for 'temperature' (key sk-upstream-secret-abcdef123456 was used)"));

        var response = hedge.post("/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = Json.tree(response.body().getBytes()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("temperature").doesNotContain("abcdef123456");
        assertThat(response.body()).doesNotContain("sk-upstream-secret");
    }

    @Test
    void anErrorAfterTheStreamStartedEndsItWithAnErrorEvent() throws Exception {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.contentChunk("m", "partial"))
                .event(Map.of("error", Map.of("message", "upstream overloaded", "type", "server_error")))
                .end());

        var response = hedge.post("/chat/completions",
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        String[] events = response.body().split("\n\n");
        assertThat(events[0]).startsWith("data: ").contains("partial");
        JsonNode error = Json.tree(events[1].substring("data: ".length()).getBytes()).path("error");
        assertThat(error.path("message").asText()).contains("upstream overloaded");
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    /**
     * OpenAI's chunks as OpenAI writes them: key order, {@code "usage":null} on every chunk, escapes and spacing
     * that Hedge's own writer would not make; a relay that wrote the records again would change every one.
     */
    private static final List<String> SUPPLIER_CHUNKS = List.of(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1763880000,"
                    + "\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_1\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
                    + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"a1\"}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Caf\\u00e9 \\\"ok\\\"\"},\"finish_reason\":null}],"
                    + "\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1763880000,"
                    + "\"model\":\"gpt-4o-2024-08-06\",\"usage\":null}",
            "{ \"id\": \"chatcmpl-1\", \"object\": \"chat.completion.chunk\", \"created\": 1763880000, "
                    + "\"model\": \"gpt-4o-2024-08-06\", \"choices\": [ { \"index\": 0, \"delta\": {}, "
                    + "\"logprobs\": null, \"finish_reason\": \"stop\" } ], \"usage\": null }",
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1763880000,"
                    + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,"
                    + "\"completion_tokens\":2,\"total_tokens\":11,\"prompt_tokens_details\":{\"cached_tokens\":0,"
                    + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                    + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}");

    /** {@link #SUPPLIER_CHUNKS} as the supplier's stream, ended with {@code [DONE]}. */
    private static Script supplierStream() {
        Script script = Script.stream();
        for (String chunk : SUPPLIER_CHUNKS) {
            script.write("data: " + chunk + "\n\n");
        }
        return script.done();
    }

    @Test
    void relaysTheSuppliersStreamByteForByte() {
        upstream.enqueue(supplierStream());

        var response = hedge.post("/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SUPPLIER_CHUNKS.stream().map(chunk -> "data: " + chunk + "\n\n")
                .collect(Collectors.joining()) + "data: [DONE]\n\n");
    }

    @Test
    void theSdkReadsTheRelayedChunksOfAClientThatDidNotAskForUsage() {
        upstream.enqueue(supplierStream());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(hello().build())) {
            chunks = stream.stream().toList();
        }

        // the usage-only chunk is not shown; the others keep the supplier's "usage":null, which reads as no usage
        assertThat(chunks).hasSize(3).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
        assertThat(chunks.stream().flatMap(c -> c.choices().stream()).map(choice -> choice.delta().content().orElse(""))
                .collect(Collectors.joining())).isEqualTo("Caf\u00e9 \"ok\"");
        assertThat(chunks.getLast().choices().getFirst().finishReason())
                .hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
    }

    @Test
    void relaysTheSuppliersAnswerByteForByteAndTheSdkReadsIt() {
        String answer = """
                {
                  "id": "chatcmpl-2",
                  "object": "chat.completion",
                  "created": 1763880000,
                  "model": "gpt-4o-2024-08-06",
                  "choices": [
                    {
                      "index": 0,
                      "message": {
                        "role": "assistant",
                        "content": "Caf\\u00e9",
                        "refusal": null,
                        "annotations": []
                      },
                      "logprobs": null,
                      "finish_reason": "stop"
                    }
                  ],
                  "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
                  "service_tier": "default",
                  "system_fingerprint": null
                }
                """;
        upstream.enqueue(Script.status(200).header("content-type", "application/json").write(answer).end());
        upstream.enqueue(Script.status(200).header("content-type", "application/json").write(answer).end());

        var response = hedge.post("/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ChatCompletion completion = client.chat().completions().create(hello().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        assertThat(completion.choices().getFirst().message().content()).contains("Caf\u00e9");
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isEqualTo(11));
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name("get_weather")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .build())
                        .build())
                .build();
    }
}
