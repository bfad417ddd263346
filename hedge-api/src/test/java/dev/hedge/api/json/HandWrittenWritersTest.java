package dev.hedge.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.Tool;
import dev.hedge.api.usage.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-made serializers write what databind writes, byte for byte: {@link Json#write} against a mapper with
 * {@link Json}'s configuration and no hand-made serializers, for random records of every type they cover and
 * for the shapes the gateway sends every day.
 */
class HandWrittenWritersTest {

    private static final ObjectMapper DATABIND = Json.databind().build();

    @Property(tries = 3000)
    void chatCompletionIsWrittenAsDatabindWritesIt(@ForAll("completions") ChatCompletion completion) {
        assertSameBytes(completion);
    }

    @Property(tries = 3000)
    void chunkIsWrittenAsDatabindWritesIt(@ForAll("chunks") ChatCompletionChunk chunk) {
        assertSameBytes(chunk);
    }

    @Property(tries = 3000)
    void requestIsWrittenAsDatabindWritesIt(@ForAll("requests") ChatCompletionRequest request) {
        assertSameBytes(request);
    }

    @Property(tries = 1000)
    void nestedTypesAloneAreWrittenAsDatabindWritesThem(@ForAll("nested") Object value) {
        assertSameBytes(value);
    }

    @Provide
    Arbitrary<ChatCompletion> completions() {
        return random(RandomWire::completion);
    }

    @Provide
    Arbitrary<ChatCompletionChunk> chunks() {
        return random(RandomWire::chunk);
    }

    @Provide
    Arbitrary<ChatCompletionRequest> requests() {
        return random(RandomWire::request);
    }

    @Provide
    Arbitrary<Object> nested() {
        return Arbitraries.oneOf(List.of(random(RandomWire::message), random(RandomWire::usage),
                random(RandomWire::tool), random(RandomWire::part), random(RandomWire::toolCall),
                random(RandomWire::delta), random(RandomWire::responseFormat),
                random(w -> List.of(w.tool(), w.tool()))));
    }

    private static <T> Arbitrary<T> random(Function<RandomWire, T> value) {
        return Arbitraries.randomValue(random -> value.apply(new RandomWire(random)));
    }

    @Test
    void jsonWritesTheHotTypesByHand() throws IOException {
        for (Class<?> type : List.of(ChatCompletion.class, ChatCompletionChunk.class, ChatCompletionRequest.class,
                ChatMessage.class, Usage.class, ChatCompletionChunk.Delta.class)) {
            assertThat(Json.mapper().getSerializerProviderInstance().findValueSerializer(type))
                    .as(type.getName())
                    .isNotInstanceOf(BeanSerializerBase.class);
            assertThat(DATABIND.getSerializerProviderInstance().findValueSerializer(type))
                    .as(type.getName())
                    .isInstanceOf(BeanSerializerBase.class);
        }
    }

    @Test
    void mockUpstreamsCompletionReadAndWrittenBack() throws IOException {
        String wire = "{\"id\":\"chatcmpl-mock0000000000000000000000\",\"object\":\"chat.completion\","
                + "\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hello! A fixed answer.\",\"refusal\":null,\"annotations\":[]},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":28,"
                + "\"total_tokens\":47,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\","
                + "\"system_fingerprint\":\"fp_mock\"}";
        ChatCompletion completion = Json.read(wire.getBytes(StandardCharsets.UTF_8), ChatCompletion.class);

        assertSameBytes(completion);
        assertThat(Json.writeString(completion)).isEqualTo("{\"id\":\"chatcmpl-mock0000000000000000000000\","
                + "\"object\":\"chat.completion\",\"created\":1741569952,\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello! A fixed answer.\","
                + "\"annotations\":[]},\"finish_reason\":\"stop\",\"logprobs\":null}],\"usage\":{\"prompt_tokens\":19,"
                + "\"completion_tokens\":28,\"total_tokens\":47,\"prompt_tokens_details\":{\"cached_tokens\":0,"
                + "\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},\"system_fingerprint\":\"fp_mock\","
                + "\"service_tier\":\"default\"}");
    }

    @Test
    void chunkKeepsANullFinishReasonAndLogprobs() {
        ChatCompletionChunk chunk = ChatCompletionChunk.of("c1", 7, "m",
                List.of(new ChatCompletionChunk.Choice(0, ChatCompletionChunk.Delta.content("tok \"7\"\n"), null, null,
                        null)));

        assertSameBytes(chunk);
        assertThat(Json.writeString(chunk)).isEqualTo("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":7,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok \\\"7\\\"\\n\"},"
                + "\"finish_reason\":null,\"logprobs\":null}]}");
    }

    @Test
    void usageOnlyChunkHasEmptyChoices() {
        ChatCompletionChunk chunk = ChatCompletionChunk.usageOnly("c1", 7, "m", Usage.of(3, 4));

        assertSameBytes(chunk);
        assertThat(Json.writeString(chunk)).isEqualTo("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\","
                + "\"created\":7,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"total_tokens\":7}}");
    }

    @Test
    void requestWithToolsAndVendorFieldsAsSentUpstream() throws IOException {
        String wire = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"Be terse ✓\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"look\"},{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png;base64,AAAA\",\"detail\":\"low\"}}]},{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"a\\\":1}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"42\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\":0.7,\"top_p\":1,"
                + "\"stop\":[\"\\n\\n\"],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}},\"strict\":true}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}},\"seed\":12345678901,"
                + "\"response_format\":{\"type\":\"json_object\"},\"top_k\":40,\"repetition_penalty\":1.05,"
                + "\"metadata\":{\"k\":null}}";
        ChatCompletionRequest request = Json.read(wire.getBytes(StandardCharsets.UTF_8), ChatCompletionRequest.class);

        assertSameBytes(request);
        assertSameBytes(request.withModel("upstream-name").unary());
        assertSameBytes(ChatCompletionRequest.of("m", List.of(ChatMessage.user("hi"))));
        assertSameBytes(List.of(Tool.function("f", "d", null)));
    }

    private static void assertSameBytes(Object value) {
        byte[] expected;
        try {
            expected = DATABIND.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new AssertionError("databind cannot write " + value, e);
        }
        byte[] actual = Json.write(value);
        assertThat(actual)
                .as(() -> "hand-written:\n" + new String(actual, StandardCharsets.UTF_8) + "\ndatabind:\n"
                        + new String(expected, StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }
}
