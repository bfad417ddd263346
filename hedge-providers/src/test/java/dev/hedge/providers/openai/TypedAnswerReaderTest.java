package dev.hedge.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.json.Json;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.SharedData;
import dev.hedge.providers.drift.DriftAction;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftGuard.Answer;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftRegistry;
import dev.hedge.providers.drift.DriftSnapshot;
import dev.hedge.testing.OpenAiFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The typed reader on real answers: OpenAI's published examples, the shapes OpenAI streams today (with
 * {@code obfuscation} padding and {@code usage: null}), the fake upstream's fixtures, the load benchmark's mock,
 * and drifted answers of OpenAI-compatible servers, which fall back to the guard and are reported by it.
 */
class TypedAnswerReaderTest {

    /** The load benchmark's mock answer ({@code benchmarks/load/mock-upstream.mjs}). */
    private static final String MOCK_COMPLETION = """
            {"id":"chatcmpl-mock0000000000000000000000","object":"chat.completion","created":1741569952,\
            "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":\
            "Hello! A fixed answer from the benchmark mock upstream, about as long as a short reply.","refusal":null,\
            "annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":19,\
            "completion_tokens":28,"total_tokens":47,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
            "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_mock"}""";

    /** A stream as OpenAI sends it today: usage null until the last event, padding on every event. */
    private static final List<String> OPENAI_STREAM = List.of("""
            {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o-mini-2024-07-18",\
            "service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":\
            {"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,\
            "obfuscation":"Qz3x"}""", """
            {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o-mini-2024-07-18",\
            "service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":\
            {"content":"Hel\\u00e9lo \\"world\\"\\n"},"logprobs":null,"finish_reason":null}],"usage":null,\
            "obfuscation":"y"}""", """
            {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o-mini-2024-07-18",\
            "service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[{"index":0,"delta":{},\
            "logprobs":null,"finish_reason":"stop"}],"usage":null,"obfuscation":"9fXb2"}""", """
            {"id":"chatcmpl-C1","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o-mini-2024-07-18",\
            "service_tier":"default","system_fingerprint":"fp_560af6e559","choices":[],"usage":{"prompt_tokens":9,\
            "completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},\
            "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,\
            "rejected_prediction_tokens":0}},"obfuscation":"Ab"}""");

    /** A streamed tool call as OpenAI sends it. */
    private static final List<String> TOOL_CALL_STREAM = List.of("""
            {"id":"chatcmpl-T","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o",\
            "choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,\
            "id":"call_Dz1","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},\
            "logprobs":null,"finish_reason":null}],"usage":null}""", """
            {"id":"chatcmpl-T","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o",\
            "choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]},\
            "logprobs":null,"finish_reason":null}],"usage":null}""", """
            {"id":"chatcmpl-T","object":"chat.completion.chunk","created":1755000000,"model":"gpt-4o",\
            "choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}""");

    /** A vLLM-style answer: vendor fields and a finish reason OpenAI does not have. */
    private static final String VLLM_COMPLETION = """
            {"id":"chatcmpl-v","object":"chat.completion","created":1741569952,"model":"llama",\
            "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null,\
            "reasoning_content":null,"tool_calls":[]},"logprobs":null,"finish_reason":"eos","stop_reason":null}],\
            "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6},"prompt_logprobs":null}""";

    /** The fixtures as OpenAI writes them: with their nulls ({@link Json} leaves nulls out). */
    private static final JsonMapper AS_WRITTEN = JsonMapper.builder().build();

    private final ManualTicker ticker = new ManualTicker(Instant.ofEpochSecond(1_800_000_000L));

    @Test
    void readsTheMockUpstreamsAnswerTypedToTheGuardedRecord() {
        assertReadTypedAsGuarded(Answer.CHAT_COMPLETION, MOCK_COMPLETION);

        ChatCompletion completion = TypedAnswerReader.completion(bytes(MOCK_COMPLETION)).orElseThrow();
        assertThat(completion.choices()).singleElement().satisfies(choice -> {
            assertThat(choice.message().text()).startsWith("Hello! A fixed answer");
            assertThat(choice.message().extra()).containsOnlyKeys("annotations");
            assertThat(choice.logprobs()).isEqualTo(Json.mapper().nullNode());
        });
        assertThat(completion.usage().promptTokensDetails().cachedTokens()).isZero();
        assertThat(completion.serviceTier()).isEqualTo("default");
    }

    @Test
    void readsOpenAisStreamWithPaddingTyped() {
        for (String chunk : OPENAI_STREAM) {
            assertReadTypedAsGuarded(Answer.CHAT_CHUNK, chunk);
        }
        ChatCompletionChunk first = TypedAnswerReader.chunk(bytes(OPENAI_STREAM.getFirst())).orElseThrow();
        assertThat(first.extra()).containsOnlyKeys("obfuscation");
        assertThat(first.usage()).isNull();
        assertThat(TypedAnswerReader.chunk(bytes(OPENAI_STREAM.get(1))).orElseThrow().choices().getFirst().delta()
                .content()).isEqualTo("Hel\u00e9lo \"world\"\n");
        assertThat(TypedAnswerReader.chunk(bytes(OPENAI_STREAM.getLast())).orElseThrow().usage().totalTokens())
                .isEqualTo(12);
    }

    @Test
    void readsStreamedToolCallsTyped() {
        for (String chunk : TOOL_CALL_STREAM) {
            assertReadTypedAsGuarded(Answer.CHAT_CHUNK, chunk);
        }
        ChatCompletionChunk.ToolCallDelta call = TypedAnswerReader.chunk(bytes(TOOL_CALL_STREAM.getFirst()))
                .orElseThrow().choices().getFirst().delta().toolCalls().getFirst();
        assertThat(call.id()).isEqualTo("call_Dz1");
        assertThat(call.function().name()).isEqualTo("get_weather");
    }

    @Test
    void readsAnAnswerWithToolCallsTyped() {
        String answer = """
                {"id":"chatcmpl-abc123","object":"chat.completion","created":1699896916,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
                   "tool_calls":[{"id":"call_abc123","type":"function","function":{"name":"get_current_weather",
                   "arguments":"{\\n\\"location\\": \\"Boston, MA\\"\\n}"}}]},"logprobs":null,
                   "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":82,"completion_tokens":17,"total_tokens":99}}""";

        assertReadTypedAsGuarded(Answer.CHAT_COMPLETION, answer);
        assertThat(TypedAnswerReader.completion(bytes(answer)).orElseThrow().choices().getFirst().message()
                .toolCalls()).containsExactly(ToolCall.function("call_abc123", "get_current_weather",
                        "{\n\"location\": \"Boston, MA\"\n}"));
    }

    @Test
    void readsTheFakeUpstreamsFixturesTyped() throws IOException {
        List<Map<String, Object>> chunks = List.of(OpenAiFixtures.roleChunk("m"),
                OpenAiFixtures.contentChunk("m", "Hi"),
                OpenAiFixtures.finishChunk("m", "stop"), OpenAiFixtures.usageChunk("m", 3, 4),
                OpenAiFixtures.toolCallChunk("m", 0, "call_1", "f", "{\"a\":"),
                OpenAiFixtures.toolCallChunk("m", 0, null, null, "1}"));
        for (Map<String, Object> chunk : chunks) {
            assertReadTypedAsGuarded(Answer.CHAT_CHUNK, AS_WRITTEN.writeValueAsString(chunk));
        }
        assertReadTypedAsGuarded(Answer.CHAT_COMPLETION,
                AS_WRITTEN.writeValueAsString(OpenAiFixtures.completion("m", "Hi", 3, 4)));
    }

    /**
     * Every chat answer and stream event in OpenAI's spec: read typed exactly when the guard has nothing to say
     * (some examples leave out {@code refusal}, which the guard then adds), and read as the guarded path reads it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specExamples")
    void readsOpenAisExamplesAsTheGuardedPathDoes(String title, Answer answer, String body) {
        BothReads.Outcome guarded = BothReads.guarded(answer, body, false);

        assertThat(BothReads.asTheProviderReads(answer, body, false)).isEqualTo(guarded);
        assertThat(BothReads.readsTyped(answer, body)).as("read typed").isEqualTo(guarded.drifts().isEmpty());
    }

    static Stream<Arguments> specExamples() throws IOException {
        JsonNode spec = Json.tree(Files.readAllBytes(SharedData.path("openai-openapi/openapi.json")));
        List<Arguments> examples = new ArrayList<>();
        for (JsonNode example : spec.path("paths").path("/chat/completions").path("post").path("x-oaiMeta")
                .path("examples")) {
            String response = example.path("response").asText().strip();
            String title = example.path("title").asText();
            if (!response.startsWith("{")) {
                continue;
            }
            if (response.contains("\n\n{")) {
                for (String event : response.split("\n\n")) {
                    if (event.startsWith("{")) {
                        examples.add(Arguments.of(title + " (chunk)", Answer.CHAT_CHUNK, event));
                    }
                }
            } else {
                examples.add(Arguments.of(title, Answer.CHAT_COMPLETION, response));
            }
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
        return examples.stream();
    }

    @Test
    void driftedAnswerFallsBackToTheGuardWhichRepairsAndReportsIt() {
        DriftRegistry registry = new DriftRegistry(ticker);
        DriftGuard guard = new DriftGuard("vllm", false, registry, ticker);

        assertThat(TypedAnswerReader.completion(bytes(VLLM_COMPLETION))).isEmpty();
        ChatCompletion read = OpenAiShapes.completion("vllm", guard, "llama", bytes(VLLM_COMPLETION), List.of())
                .value();

        assertThat(read.choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(read.choices().getFirst().message().extra()).isEmpty();
        assertThat(read.extra()).isEmpty();
        DriftSnapshot drifts = registry.snapshot().deployment("vllm", "llama");
        assertThat(drifts.entries()).extracting(DriftSnapshot.Entry::field, DriftSnapshot.Entry::kind,
                DriftSnapshot.Entry::action).containsExactlyInAnyOrder(
                Tuple.tuple("choices[].finish_reason", DriftKind.UNKNOWN_VALUE, DriftAction.REPAIRED),
                Tuple.tuple("choices[].message.reasoning_content", DriftKind.UNKNOWN_FIELD, DriftAction.DROPPED),
                Tuple.tuple("choices[].stop_reason", DriftKind.UNKNOWN_FIELD, DriftAction.DROPPED),
                Tuple.tuple("prompt_logprobs", DriftKind.UNKNOWN_FIELD, DriftAction.DROPPED));
        assertThat(BothReads.asTheProviderReads(Answer.CHAT_COMPLETION, VLLM_COMPLETION, false))
                .isEqualTo(BothReads.guarded(Answer.CHAT_COMPLETION, VLLM_COMPLETION, false));
    }

    @Test
    void vendorFieldsPassedThroughByConfigurationAreReadByTheGuard() {
        DriftRegistry registry = new DriftRegistry(ticker);
        DriftGuard passthrough = new DriftGuard("vllm", true, registry, ticker);

        ChatCompletion read = OpenAiShapes.completion("vllm", passthrough, "llama", bytes(VLLM_COMPLETION), List.of())
                .value();

        assertThat(read.extra()).containsKey("prompt_logprobs");
        assertThat(read.choices().getFirst().message().extra()).containsKey("reasoning_content");
        assertThat(registry.snapshot().count(DriftKind.UNKNOWN_FIELD)).isEqualTo(3);
        assertThat(BothReads.asTheProviderReads(Answer.CHAT_COMPLETION, VLLM_COMPLETION, true))
                .isEqualTo(BothReads.guarded(Answer.CHAT_COMPLETION, VLLM_COMPLETION, true));
    }

    @Test
    void azuresContentFilterResultsFallBackToTheGuard() throws IOException {
        JsonNode example = Json.tree(Files.readAllBytes(
                SharedData.path("azure-openai/chat_completions.example.2024-10-21.json")));
        String body = Json.writeString(example.path("responses").path("200").path("body"));

        assertThat(BothReads.readsTyped(Answer.CHAT_COMPLETION, body)).isFalse();
        BothReads.Outcome guarded = BothReads.guarded(Answer.CHAT_COMPLETION, body, false);
        assertThat(guarded.drifts()).isNotEmpty();
        assertThat(BothReads.asTheProviderReads(Answer.CHAT_COMPLETION, body, false)).isEqualTo(guarded);
    }

    /** Shapes the guard accepts or rejects that the typed reader leaves to it, each read as before. */
    @ParameterizedTest
    @ValueSource(strings = {
        // an error inside a 200 answer: the supplier's error, as before
        "{\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\",\"code\":null}}",
        // a field sent twice: the tree keeps the last
        "{\"id\":\"a\",\"id\":\"b\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]}",
        // more than one JSON value
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[]} {}",
        // an index too large for an int, a created too large for a long, counts as text or as floats
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":"
            + "3000000000,\"message\":{\"role\":\"assistant\",\"content\":\"x\",\"refusal\":null},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}]}",
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":18446744073709551616,\"model\":\"m\",\"choices\":[]}",
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":\"5\",\"completion_tokens\":1.0,\"total_tokens\":6}}",
        // a custom tool call
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,\"tool_calls\":[{\"id\":\"c\","
            + "\"type\":\"custom\",\"custom\":{\"name\":\"n\",\"input\":\"i\"}}]},\"logprobs\":null,"
            + "\"finish_reason\":\"tool_calls\"}]}",
        // not JSON, empty, not an object, cut short
        "{\"id\":", "", "[]", "\"chat.completion\"",
        // a content array where a string belongs
        "{\"id\":\"a\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"refusal\":null},"
            + "\"logprobs\":null,\"finish_reason\":\"stop\"}]}"})
    void leavesOddAnswersToTheGuard(String body) {
        assertThat(BothReads.readsTyped(Answer.CHAT_COMPLETION, body)).isFalse();
        assertThat(BothReads.asTheProviderReads(Answer.CHAT_COMPLETION, body, false))
                .isEqualTo(BothReads.guarded(Answer.CHAT_COMPLETION, body, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // Azure's first event: no choices field, only prompt_filter_results
        "{\"id\":\"\",\"object\":\"\",\"created\":0,\"model\":\"\",\"prompt_filter_results\":[]}",
        // a usage-only chunk without choices
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}",
        // no finish_reason (the guard adds null), no delta, a role OpenAI does not send
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}",
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"finish_reason\":null}]}",
        "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"model\"},\"finish_reason\":null}]}",
        // an error event in a stream
        "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit_error\",\"code\":429}}"})
    void leavesOddChunksToTheGuard(String body) {
        assertThat(BothReads.readsTyped(Answer.CHAT_CHUNK, body)).isFalse();
        assertThat(BothReads.asTheProviderReads(Answer.CHAT_CHUNK, body, false))
                .isEqualTo(BothReads.guarded(Answer.CHAT_CHUNK, body, false));
    }

    @Test
    void enumValuesComeFromTheGuardsSchema() {
        assertThat(DriftGuard.expectedValues(Answer.CHAT_CHUNK, "choices[].finish_reason"))
                .contains("stop", "length", "tool_calls", "content_filter", "function_call");
        assertThat(DriftGuard.expectedValues(Answer.CHAT_COMPLETION, "choices[].message.role"))
                .containsExactly("assistant");
        assertThat(DriftGuard.expectedValues(Answer.CHAT_COMPLETION, "id")).isEmpty();
    }

    private static void assertReadTypedAsGuarded(Answer answer, String body) {
        BothReads.Outcome guarded = BothReads.guarded(answer, body, false);
        assertThat(guarded.drifts()).as("drift in %s", body).isEmpty();
        assertThat(BothReads.readsTyped(answer, body)).as("read typed: %s", body).isTrue();
        assertThat(BothReads.asTheProviderReads(answer, body, false)).isEqualTo(guarded);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
