package dev.hedge.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftGuard.Answer;
import dev.hedge.providers.drift.DriftListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The verbatim relay against writing the record again, on generated answers ({@link AnswerMaker}): whenever the
 * OpenAI dialect keeps an answer's bytes for the client, they are the same JSON as Hedge would have written
 * (compared as trees; a member null on one side and absent on the other reads the same, as OpenAI's clients read
 * it, and a number is its value); the bytes are kept for every clean answer (a streamed chunk only when on one
 * line), and never for an answer the typed reader left to the drift guard.
 */
class RelayedAnswersPropertiesTest extends GeneratedAnswers {

    private static final DriftGuard GUARD = new DriftGuard(BothReads.PROVIDER, false, DriftListener.NONE,
            new ManualTicker(Instant.ofEpochSecond(1_800_000_000L)));

    @Property(tries = 1500)
    void cleanAnswersAreRelayedAsTheSameJson(@ForAll("cleanCompletions") String body) {
        Relayed<?> read = read(Answer.CHAT_COMPLETION, body);

        // a pretty-printed answer is relayed too: an HTTP body may hold line breaks
        assertThat(read.source()).as("bytes kept for a clean answer").isNotNull();
        assertSameJson(read);
    }

    @Property(tries = 1500)
    void cleanChunksOnOneLineAreRelayedAsTheSameJson(@ForAll("cleanChunks") String body) {
        Relayed<?> read = read(Answer.CHAT_CHUNK, body);

        boolean oneLine = body.indexOf('\n') < 0 && body.indexOf('\r') < 0;
        Statistics.label("chunk").collect(oneLine ? "one line" : "pretty");
        assertThat(read.source() != null).as("bytes kept for a clean chunk on one line").isEqualTo(oneLine);
        if (read.source() != null) {
            assertSameJson(read);
        }
    }

    @Property(tries = 3000)
    void anyAnswerIsRelayedOnlyWhenReadTypedAndThenAsTheSameJson(@ForAll("driftedCompletions") String body) {
        assertRelayedOnlyWhenReadTyped(Answer.CHAT_COMPLETION, body);
    }

    @Property(tries = 3000)
    void anyChunkIsRelayedOnlyWhenReadTypedAndThenAsTheSameJson(@ForAll("driftedChunks") String body) {
        assertRelayedOnlyWhenReadTyped(Answer.CHAT_CHUNK, body);
    }

    @Example
    void realisticChunksAreRelayedAsTheyCame() {
        List<String> chunks = List.of(
                // OpenAI's first chunk, with usage asked for
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1763880000,\"model\":\"gpt-4o\","
                        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null,\"obfuscation\":\"xY\"}",
                // a content delta with logprobs
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"Hi\"},\"logprobs\":{\"content\":[{\"token\":\"Hi\",\"logprob\":-0.0031,"
                        + "\"bytes\":[72,105],\"top_logprobs\":[]}],\"refusal\":null},\"finish_reason\":null}]}",
                // a tool call's first delta and an arguments piece
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                        + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]},"
                        + "\"finish_reason\":null}]}",
                // a refusal, a finish, vLLM's usage chunk
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"refusal\":\"I can\\u2019t\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0}}}");
        for (String chunk : chunks) {
            Relayed<?> read = read(Answer.CHAT_CHUNK, chunk);
            assertThat(read.source()).as(chunk).isEqualTo(chunk.getBytes(StandardCharsets.UTF_8));
            assertSameJson(read);
        }
    }

    @Example
    void bytesAClientCouldNotReadAsTheyAreAreWrittenAnew() {
        String chunk = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[]}";
        assertThat(read(Answer.CHAT_CHUNK, chunk).source()).isNotNull();
        // a line break between tokens, which one SSE data line cannot hold: LF (from joined data lines), CR
        assertThat(read(Answer.CHAT_CHUNK, chunk.replace(",\"model\"", ",\n\"model\"")).source()).isNull();
        assertThat(read(Answer.CHAT_CHUNK, chunk.replace(",\"model\"", ",\r\"model\"")).source()).isNull();
        // a byte-order mark, UTF-16: Jackson reads both, a client might not
        assertThat(OpenAiShapes.chunk(BothReads.PROVIDER, GUARD, BothReads.MODEL,
                ("\ufeff" + chunk).getBytes(StandardCharsets.UTF_8), List.of()).source()).isNull();
        Relayed<?> utf16 = OpenAiShapes.chunk(BothReads.PROVIDER, GUARD, BothReads.MODEL,
                chunk.getBytes(StandardCharsets.UTF_16LE), List.of());
        assertThat(utf16.value()).isEqualTo(read(Answer.CHAT_CHUNK, chunk).value());
        assertThat(utf16.source()).isNull();
        // a field the guard drops
        assertThat(read(Answer.CHAT_CHUNK, chunk.replace("\"choices\"", "\"x_vendor\":1,\"choices\"")).source())
                .isNull();
    }

    private static void assertRelayedOnlyWhenReadTyped(Answer answer, String body) {
        Relayed<?> read;
        try {
            read = read(answer, body);
        } catch (dev.hedge.core.provider.ProviderException e) {
            Statistics.label("relay").collect("refused");
            return;
        }
        boolean typed = BothReads.readsTyped(answer, body);
        Statistics.label("relay").collect(read.source() != null ? "relayed" : typed ? "typed, written" : "written");
        if (!typed) {
            assertThat(read.source()).as("bytes kept for an answer the guard read").isNull();
        }
        if (read.source() != null) {
            assertThat(read.source()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertSameJson(read);
        }
    }

    private static Relayed<?> read(Answer answer, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return switch (answer) {
            case CHAT_COMPLETION -> OpenAiShapes.completion(BothReads.PROVIDER, GUARD, BothReads.MODEL, bytes, List.of());
            case CHAT_CHUNK -> OpenAiShapes.chunk(BothReads.PROVIDER, GUARD, BothReads.MODEL, bytes, List.of());
            case EMBEDDINGS -> throw new IllegalArgumentException("answer: " + answer);
        };
    }

    /** The relayed bytes read as the same JSON as the record written, null members and number spelling aside. */
    private static void assertSameJson(Relayed<?> read) {
        assertThat(normal(tree(read.source()))).isEqualTo(normal(tree(Json.write(read.value()))));
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.tree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }

    /**
     * The tree with every object member whose value is null left out and every number as its value (Hedge's
     * writer spells {@code 6.00} as {@code 6}), at every depth.
     */
    private static JsonNode normal(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                if (!member.getValue().isNull()) {
                    copy.set(member.getKey(), normal(member.getValue()));
                }
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(normal(item)));
            return copy;
        }
        return node.isNumber() ? DecimalNode.valueOf(node.decimalValue().stripTrailingZeros()) : node;
    }
}
