package dev.hedge.providers.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DriftGuardTest {

    private final ManualTicker ticker = new ManualTicker(Instant.ofEpochSecond(1_800_000_000L));
    private final DriftRegistry registry = new DriftRegistry(ticker);
    private final DriftGuard guard = new DriftGuard("azure-east", false, registry, ticker);
    private final DriftGuard passthrough = new DriftGuard("azure-east", true, registry, ticker);

    private static JsonNode json(String text) {
        try {
            return Json.tree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String AZURE_COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o",
             "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
             "choices":[{"index":0,"finish_reason":"stop","logprobs":null,
                         "message":{"role":"assistant","content":"Hi","refusal":null},
                         "content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}
            """;

    @Test
    void dropsVendorFieldsByDefaultAndCountsThem() {
        ObjectNode checked = guard.check(DriftGuard.Answer.CHAT_COMPLETION, "gpt-4o", json(AZURE_COMPLETION));

        assertThat(checked.has("prompt_filter_results")).isFalse();
        assertThat(checked.path("choices").get(0).has("content_filter_results")).isFalse();
        assertThat(checked.path("choices").get(0).path("message").path("content").asText()).isEqualTo("Hi");
        DriftSnapshot snapshot = registry.snapshot().deployment("azure-east", "gpt-4o");
        assertThat(snapshot.entries()).extracting(DriftSnapshot.Entry::field, DriftSnapshot.Entry::action)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("choices[].content_filter_results", DriftAction.DROPPED),
                        org.assertj.core.groups.Tuple.tuple("prompt_filter_results", DriftAction.DROPPED));
        assertThat(snapshot.count(DriftKind.UNKNOWN_FIELD)).isEqualTo(2);
    }

    @Test
    void passesVendorFieldsThroughWhenTheProviderSaysSo() {
        ObjectNode checked = passthrough.check(DriftGuard.Answer.CHAT_COMPLETION, "gpt-4o", json(AZURE_COMPLETION));

        assertThat(checked.has("prompt_filter_results")).isTrue();
        assertThat(registry.snapshot().entries()).allSatisfy(e ->
                assertThat(e.action()).isEqualTo(DriftAction.PASSED_THROUGH));
    }

    @Test
    void mapsNonStandardFinishReasonsOfOpenAiCompatibleServers() {
        for (String[] pair : new String[][] {{"eos", "stop"}, {"stop_sequence", "stop"}, {"model_length", "length"},
                {"tool_use", "tool_calls"}, {"something_new", "stop"}}) {
            JsonNode chunk = json("""
                    {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
                     "choices":[{"index":0,"delta":{},"finish_reason":"%s"}]}""".formatted(pair[0]));

            ObjectNode checked = guard.check(DriftGuard.Answer.CHAT_CHUNK, "llama", chunk);

            assertThat(checked.path("choices").get(0).path("finish_reason").asText()).as(pair[0]).isEqualTo(pair[1]);
        }
        assertThat(registry.snapshot().entries()).filteredOn(e -> e.field().equals("choices[].finish_reason"))
                .singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(DriftKind.UNKNOWN_VALUE);
                    assertThat(e.action()).isEqualTo(DriftAction.REPAIRED);
                    assertThat(e.count()).isEqualTo(5);
                });
    }

    @Test
    void repairsMissingIdCreatedModelAndObjectAndMistypedNumbers() {
        JsonNode sparse = json("""
                {"choices":[{"message":{"content":"Hi"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":"5","completion_tokens":1}}""");

        ObjectNode checked = guard.check(DriftGuard.Answer.CHAT_COMPLETION, "llama3", sparse);

        assertThat(checked.path("object").asText()).isEqualTo("chat.completion");
        assertThat(checked.path("model").asText()).isEqualTo("llama3");
        assertThat(checked.path("created").asLong()).isEqualTo(1_800_000_000L);
        assertThat(checked.path("id").asText()).startsWith("hedge-");
        JsonNode choice = checked.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").has("refusal")).isTrue();
        assertThat(checked.path("usage").path("prompt_tokens").isInt()).isTrue();
        assertThat(checked.path("usage").path("total_tokens").asInt()).isEqualTo(6);
        assertThat(registry.snapshot().count(DriftKind.WRONG_TYPE)).isEqualTo(1);
        assertThat(registry.snapshot().count(DriftKind.MISSING_FIELD)).isGreaterThanOrEqualTo(6);
    }

    @Test
    void usageThatCannotBeRepairedIsRemovedSoTheGatewayCounts() {
        JsonNode answer = json("""
                {"id":"c","object":"chat.completion","created":1,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi","refusal":null},
                             "finish_reason":"stop","logprobs":null}],
                 "usage":{"prompt_tokens":5}}""");

        ObjectNode checked = guard.check(DriftGuard.Answer.CHAT_COMPLETION, "m", answer);

        assertThat(checked.has("usage")).isFalse();
        assertThat(registry.snapshot().entries()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("usage");
            assertThat(e.action()).isEqualTo(DriftAction.REPAIRED);
        });
    }

    @Test
    void unrepairableAnswerFailsNamingTheSupplierAndTheField() {
        JsonNode answer = json("""
                {"id":"c","object":"chat.completion","created":1,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":{"text":"Hi"}},"finish_reason":"stop"}]}""");

        assertThatThrownBy(() -> guard.check(DriftGuard.Answer.CHAT_COMPLETION, "m", answer))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
                    assertThat(e.getMessage()).contains("azure-east").contains("choices[0].message.content")
                            .contains("an object, expected a string");
                });
        assertThat(registry.snapshot().entries()).anySatisfy(e -> {
            assertThat(e.field()).isEqualTo("choices[].message.content");
            assertThat(e.action()).isEqualTo(DriftAction.REJECTED);
        });
    }

    @Test
    void choicesThatAreNotAnArrayAreRejected() {
        JsonNode answer = json("""
                {"id":"c","object":"chat.completion","created":1,"model":"m","choices":"none"}""");

        assertThatThrownBy(() -> guard.check(DriftGuard.Answer.CHAT_COMPLETION, "m", answer))
                .hasMessageContaining("'choices' is a string, expected an array");
    }

    @Test
    void usageOnlyChunkWithoutChoicesGetsAnEmptyList() {
        JsonNode chunk = json("""
                {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
                 "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""");

        ObjectNode checked = guard.check(DriftGuard.Answer.CHAT_CHUNK, "m", chunk);

        assertThat(checked.path("choices").isArray()).isTrue();
        assertThat(checked.path("choices").isEmpty()).isTrue();
    }

    @Test
    void embeddingsAnswerKeepsBase64VectorsAndRepairsTheObjectName() {
        JsonNode answer = json("""
                {"object":"list","model":"e","data":[{"index":0,"embedding":"AACAPw=="}],
                 "usage":{"prompt_tokens":2,"total_tokens":2},"vendor_meta":{"region":"x"}}""");

        ObjectNode checked = guard.check(DriftGuard.Answer.EMBEDDINGS, "e", answer);

        assertThat(checked.path("data").get(0).path("object").asText()).isEqualTo("embedding");
        assertThat(checked.path("data").get(0).path("embedding").asText()).isEqualTo("AACAPw==");
        assertThat(checked.has("vendor_meta")).isFalse();
    }

    @Test
    void schemaSummaryNamesTheSpecVersion() {
        assertThat(DriftGuard.schemaSource()).contains("openai-openapi").contains("2.3.0");
    }
}
