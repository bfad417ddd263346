package dev.hedge.app;

import static dev.hedge.app.AnthropicEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hedge.api.json.Json;
import dev.hedge.providers.drift.DriftAction;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftSnapshot;
import dev.hedge.testing.FakeAzure;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.RecordedRequest;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Azure OpenAI, Azure AI Foundry and OpenAI-compatible servers with quirks, through the OpenAI SDK; the
 * drift they show is counted in {@code /metrics} and {@code /admin/drift}.
 */
class AzureAndDriftEndToEndTest {

    private static FakeAzure azure;
    private static FakeUpstream vllm;
    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        azure = FakeAzure.start();
        vllm = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - name: azure-east
                    dialect: azure-openai
                    base-url: %s
                    api-key: ${AZURE_KEY}
                  - name: azure-tagged
                    dialect: azure-openai
                    base-url: %s
                    api-key: ${AZURE_KEY}
                    api-version: 2025-01-01-preview
                    passthrough-extensions: true
                  - name: foundry
                    dialect: azure-openai
                    base-url: %s
                    api-key: ${AZURE_KEY}
                  - name: vllm
                    dialect: openai
                    base-url: %s
                    stream-usage: false
                models:
                  - name: gpt-4o
                    deployments:
                      - { provider: azure-east, model: my-gpt4o, input-usd-per-mtok: 2.5, output-usd-per-mtok: 10 }
                  - name: gpt-4o-tagged
                    deployments:
                      - { provider: azure-tagged, model: my-gpt4o, input-usd-per-mtok: 2.5, output-usd-per-mtok: 10 }
                  - name: phi
                    deployments:
                      - { provider: foundry, model: Phi-4, input-usd-per-mtok: 0.1, output-usd-per-mtok: 0.1 }
                  - name: embed
                    deployments:
                      - { provider: azure-east, model: my-embedder, input-usd-per-mtok: 0.1, output-usd-per-mtok: 0 }
                  - name: llama
                    deployments:
                      - { provider: vllm, model: meta-llama/Llama-3.1-8B, input-usd-per-mtok: 0, output-usd-per-mtok: 0 }
                """.formatted(azure.baseUrl(), azure.baseUrl(), azure.foundryUrl(), vllm.baseUrl()),
                Map.of("AZURE_KEY", "azure-secret-0123456789"));
        client = hedge.client();
    }

    @AfterAll
    static void stop() {
        hedge.close();
        azure.close();
        vllm.close();
    }

    @AfterEach
    void everyScriptWasUsed() {
        azure.upstream().assertAllConsumed();
        azure.upstream().reset();
        vllm.assertAllConsumed();
        vllm.reset();
    }

    private static ChatCompletionCreateParams.Builder hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello");
    }

    @Test
    void azureDeploymentPathApiVersionAndKeyHeaderAndFilterResultsDropped() throws IOException {
        azure.enqueue(FakeAzure.completion("gpt-4o-2024-08-06", "Hello!", 9, 2));

        ChatCompletion completion = client.chat().completions().create(hello("gpt-4o").build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        RecordedRequest sent = azure.upstream().lastRequest();
        assertThat(sent.uri()).isEqualTo("/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
        assertThat(sent.header("api-key")).isEqualTo("azure-secret-0123456789");
        assertThat(sent.header("authorization")).isNull();
        assertThat(completion._additionalProperties()).doesNotContainKey("prompt_filter_results");
        assertThat(completion.choices().getFirst()._additionalProperties()).doesNotContainKey("content_filter_results");
        DriftSnapshot drift = hedge.app().drift().snapshot().deployment("azure-east", "my-gpt4o");
        assertThat(drift.entries()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("prompt_filter_results");
            assertThat(e.action()).isEqualTo(DriftAction.DROPPED);
        });
    }

    @Test
    void passthroughExtensionsKeepAzureFieldsAndTheConfiguredApiVersion() {
        azure.enqueue(FakeAzure.completion("gpt-4o-2024-08-06", "Hello!", 9, 2));

        ChatCompletion completion = client.chat().completions().create(hello("gpt-4o-tagged").build());

        assertThat(completion._additionalProperties()).containsKey("prompt_filter_results");
        assertThat(azure.upstream().lastRequest().uri()).endsWith("?api-version=2025-01-01-preview");
    }

    @Test
    void azureStreamSkipsTheFilterOnlyChunk() {
        azure.enqueue(Script.stream()
                .event(FakeAzure.promptFilterChunk())
                .event(OpenAiFixtures.roleChunk("gpt-4o"))
                .event(OpenAiFixtures.contentChunk("gpt-4o", "Hi"))
                .event(OpenAiFixtures.finishChunk("gpt-4o", "stop"))
                .event(OpenAiFixtures.usageChunk("gpt-4o", 5, 1))
                .done());

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello("gpt-4o")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            chunks = stream.stream().toList();
        }

        assertThat(DialectSupport.text(chunks)).isEqualTo("Hi");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.id()).isNotEmpty());
        assertThat(chunks.getLast().usage()).isPresent();
    }

    @Test
    void foundryModelInferenceTakesTheModelInTheBody() {
        azure.enqueue(Script.ok(OpenAiFixtures.completion("Phi-4", "Hello!", 9, 2)));

        client.chat().completions().create(hello("phi").build());

        RecordedRequest sent = azure.upstream().lastRequest();
        assertThat(sent.uri()).isEqualTo("/models/chat/completions?api-version=2024-05-01-preview");
        assertThat(sent.json().path("model").asText()).isEqualTo("Phi-4");
        assertThat(sent.header("api-key")).isEqualTo("azure-secret-0123456789");
    }

    @Test
    void azureEmbeddingsGoToTheDeployment() {
        azure.enqueue(Script.ok(Map.of("object", "list", "model", "text-embedding-3-small",
                "data", List.of(Map.of("object", "embedding", "index", 0, "embedding", List.of(0.5, 0.25))),
                "usage", Map.of("prompt_tokens", 2, "total_tokens", 2))));

        var response = client.embeddings().create(EmbeddingCreateParams.builder().model("embed").input("hi").build());

        assertThat(response.data().getFirst().embedding()).containsExactly(0.5f, 0.25f);
        assertThat(azure.upstream().lastRequest().uri())
                .isEqualTo("/openai/deployments/my-embedder/embeddings?api-version=2024-10-21");
    }

    @Test
    void azureContentFilterRejectionIsA400() throws IOException {
        azure.enqueue(FakeAzure.contentFilterError());

        HttpResponse<String> response = hedge.post("/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertError(response, 400, "invalid_request_error", "content management policy");
        assertThat(Json.tree(response.body().getBytes()).path("error").path("code").asText()).isEqualTo("content_filter");
    }

    @Test
    void answerOfExactlyOpenAisShapeIsRelayedWithoutDrift() {
        long driftBefore = hedge.app().drift().snapshot().provider("vllm").total();
        vllm.enqueue(Script.status(200).header("content-type", "application/json").write("""
                {"id":"chatcmpl-B9M","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,
                   "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":19,"completion_tokens":2,"total_tokens":21,
                   "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
                   "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
                   "rejected_prediction_tokens":0}},
                 "service_tier":"default","system_fingerprint":null}""").end());

        ChatCompletion completion = client.chat().completions().create(hello("llama").build());

        assertThat(completion.choices().getFirst().message().content()).contains("Hello!");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(21);
        assertThat(hedge.app().drift().snapshot().provider("vllm").total()).isEqualTo(driftBefore);
    }

    @Test
    void streamOfExactlyOpenAisShapeIsRelayedWithoutDrift() {
        long driftBefore = hedge.app().drift().snapshot().provider("vllm").total();
        String head = "data: {\"id\":\"chatcmpl-C1\",\"object\":\"chat.completion.chunk\",\"created\":1755000000,"
                + "\"model\":\"gpt-4o-mini\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_1\",";
        vllm.enqueue(Script.stream()
                .write(head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\","
                        + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,"
                        + "\"obfuscation\":\"Qz3x\"}\n\n")
                .write(head + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi there\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"y\"}\n\n")
                .write(head + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":null,\"obfuscation\":\"9fX\"}\n\n")
                .write(head + "\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,"
                        + "\"total_tokens\":11},\"obfuscation\":\"Ab\"}\n\n")
                .done());

        List<ChatCompletionChunk> chunks = streamFromLlamaWithUsage();

        assertThat(DialectSupport.text(chunks)).isEqualTo("Hi there");
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("stop");
        assertThat(chunks.getLast().usage().orElseThrow().totalTokens()).isEqualTo(11);
        assertThat(hedge.app().drift().snapshot().provider("vllm").total()).isEqualTo(driftBefore);
    }

    @Test
    void openAiCompatibleServerQuirksAreRepairedAndCounted() throws IOException {
        // a vLLM/llama.cpp-style stream: no usage, a non-standard finish reason, a vendor field, no [DONE]
        Map<String, Object> last = new LinkedHashMap<>(OpenAiFixtures.finishChunk("meta-llama/Llama-3.1-8B", "eos"));
        last.put("timings", Map.of("predicted_ms", 12.5));
        vllm.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("meta-llama/Llama-3.1-8B"))
                .event(OpenAiFixtures.contentChunk("meta-llama/Llama-3.1-8B", "Hi there"))
                .event(last)
                .end());

        List<ChatCompletionChunk> chunks = streamFromLlamaWithUsage();

        assertThat(DialectSupport.text(chunks)).isEqualTo("Hi there");
        assertThat(DialectSupport.finishReason(chunks)).isEqualTo("stop");
        assertThat(chunks.getLast().usage()).as("counted by Hedge").isPresent();
        assertThat(vllm.lastRequest().json().has("stream_options")).isFalse();

        HttpResponse<String> drift = hedge.get("/admin/drift", TestHedge.MASTER_KEY);
        assertThat(drift.statusCode()).isEqualTo(200);
        JsonNode entries = Json.tree(drift.body().getBytes()).path("entries");
        assertThat(entries.toString()).contains("\"field\":\"choices[].finish_reason\"")
                .contains("\"kind\":\"unknown_value\"").contains("\"field\":\"timings\"");
        assertThat(Json.tree(drift.body().getBytes()).path("schema").asText()).contains("2.3.0");
        assertThat(hedge.get("/admin/drift", null).statusCode()).isEqualTo(401);

        String metrics = hedge.get("/metrics", TestHedge.MASTER_KEY).body();
        assertThat(metrics).contains("hedge_upstream_drift_total{action=\"repaired\",field=\"choices[].finish_reason\","
                + "kind=\"unknown_value\",model=\"meta-llama/Llama-3.1-8B\",provider=\"vllm\"}");
        assertThat(hedge.app().drift().snapshot().provider("vllm").count(DriftKind.UNKNOWN_FIELD)).isPositive();

        // each deployment's health view carries its own drift
        HttpResponse<String> deployments = hedge.get("/admin/deployments", TestHedge.MASTER_KEY);
        assertThat(deployments.statusCode()).isEqualTo(200);
        JsonNode vllmDrift = null;
        for (JsonNode deployment : Json.tree(deployments.body().getBytes()).path("data")) {
            if (deployment.path("provider").asText().equals("vllm")) {
                vllmDrift = deployment.path("drift");
            }
        }
        assertThat(vllmDrift).as(deployments.body()).isNotNull();
        assertThat(vllmDrift.path("total").asLong()).isPositive();
        assertThat(vllmDrift.path("by_kind").path("unknown_value").asLong()).isPositive();
        assertThat(vllmDrift.path("entries").toString()).contains("\"field\":\"choices[].finish_reason\"");
    }

    @Test
    void anAnswerThatCannotBeRepairedIsA502NamingTheSupplierAndField() throws IOException {
        vllm.enqueue(Script.ok(Map.of("id", "x", "object", "chat.completion", "created", 1, "model", "m",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", List.of("not", "a", "string")))))));

        HttpResponse<String> response = hedge.post("/chat/completions",
                "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

        assertError(response, 502, "upstream_error", "vllm");
        assertThat(response.body()).contains("choices[0].message.content");
    }

    /** The chunks of one streamed answer from the "llama" model, usage asked for. */
    private List<ChatCompletionChunk> streamFromLlamaWithUsage() {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(hello("llama")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            return stream.stream().toList();
        }
    }
}
