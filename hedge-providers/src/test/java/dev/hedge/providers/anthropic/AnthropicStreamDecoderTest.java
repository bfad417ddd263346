package dev.hedge.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.Golden;
import dev.hedge.providers.Replay;
import dev.hedge.providers.SharedData;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Anthropic SSE transcript in {@code shared/data/anthropic/sse_fixtures} replayed through the
 * translator; the OpenAI stream that results is compared with our golden file for it, and the points that
 * matter are asserted by name.
 */
class AnthropicStreamDecoderTest {

    private static final long CREATED = 1_700_000_000L;

    private final DriftRegistry drift = new DriftRegistry(new ManualTicker());
    private final DriftGuard guard = new DriftGuard("claude", false, drift, new ManualTicker());

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(SharedData.path("anthropic/sse_fixtures"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
                    .toList();
            assertThat(names).as("recorded fixtures").hasSizeGreaterThanOrEqualTo(7);
            return names.stream();
        }
    }

    private Replay<ChatCompletionChunk> replay(byte[] stream) {
        return Replay.of(new AnthropicStreamDecoder(guard, "claude-sonnet-4", CREATED, List.of()), stream);
    }

    private Replay<ChatCompletionChunk> fixture(String name) throws IOException {
        return replay(Files.readAllBytes(SharedData.path("anthropic/sse_fixtures/" + name)));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyRecordedStreamTranslatesToItsGoldenOpenAiStream(String name) throws IOException {
        Replay<ChatCompletionChunk> replay = fixture(name);

        assertThat(replay.completed()).as("%s completed", name).isTrue();
        assertThat(replay.items().getFirst().choices().getFirst().delta().role()).isEqualTo("assistant");
        assertThat(replay.items().getLast().usage()).isNotNull();
        assertThat(replay.items().stream().filter(c -> !c.choices().isEmpty()
                && c.choices().getFirst().finishReason() != null)).hasSize(1);
        Golden.assertLines("anthropic/stream/" + name.replace(".txt", ".openai.jsonl"), replay.lines());
    }

    @Test
    void toolUseBlockBecomesToolCallZeroWithItsArgumentsAssembled() throws IOException {
        Replay<ChatCompletionChunk> replay = fixture("tool_use_response.txt");

        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String finish = null;
        for (ChatCompletionChunk chunk : replay.items()) {
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                text.append(Objects.toString(choice.delta().content(), ""));
                if (choice.delta().toolCalls() != null) {
                    for (ChatCompletionChunk.ToolCallDelta call : choice.delta().toolCalls()) {
                        // Anthropic's block 1 (after a text block) is OpenAI's tool call 0
                        assertThat(call.index()).isZero();
                        if (call.id() != null) {
                            assertThat(call.id()).isEqualTo("toolu_01NRLabsLyVHZPKxbKvkfSMn");
                            assertThat(call.function().name()).isEqualTo("get_weather");
                        }
                        arguments.append(Objects.toString(call.function().arguments(), ""));
                    }
                }
                finish = choice.finishReason() != null ? choice.finishReason() : finish;
            }
        }
        assertThat(text.toString()).isEqualTo("I'll check the current weather in Paris for you.");
        assertThat(arguments.toString()).isEqualTo("{\"location\": \"Paris\"}");
        assertThat(finish).isEqualTo("tool_calls");
        var usage = replay.items().getLast().usage();
        assertThat(usage.promptTokens()).isEqualTo(377);
        assertThat(usage.completionTokens()).isEqualTo(65);
        assertThat(usage.totalTokens()).isEqualTo(442);
    }

    @Test
    void refusalFinishesAsContentFilter() throws IOException {
        assertThat(fixture("refusal_response.txt").items()).anySatisfy(chunk ->
                assertThat(chunk.choices()).singleElement().extracting(ChatCompletionChunk.Choice::finishReason)
                        .isEqualTo("content_filter"));
    }

    @Test
    void maxTokensInsideAToolCallFinishesAsLength() throws IOException {
        assertThat(fixture("incomplete_partial_json_response.txt").items()).anySatisfy(chunk ->
                assertThat(chunk.choices()).singleElement().extracting(ChatCompletionChunk.Choice::finishReason)
                        .isEqualTo("length"));
    }

    @Test
    void unknownBlockTypesAreSkippedAndCountedAsDrift() throws IOException {
        Replay<ChatCompletionChunk> replay = fixture("compaction_response.txt");

        assertThat(replay.completed()).isTrue();
        assertThat(drift.snapshot().entries()).anySatisfy(entry -> {
            assertThat(entry.kind()).isEqualTo(DriftKind.UNKNOWN_VALUE);
            assertThat(entry.field()).isEqualTo("content_block.type");
            assertThat(entry.lastDetail()).isEqualTo("'compaction'");
        });
    }

    @Test
    void cacheReadAndWriteTokensCountAsPromptTokens() {
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4","content":[],"usage":{"input_tokens":10,"cache_creation_input_tokens":200,"cache_read_input_tokens":1000,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

                event: message_delta
                data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}

                event: message_stop
                data: {"type":"message_stop"}

                """;
        var usage = replay(stream.getBytes(StandardCharsets.UTF_8)).items().getLast().usage();

        assertThat(usage.promptTokens()).isEqualTo(1210);
        assertThat(usage.cachedTokens()).isEqualTo(1000);
        assertThat(usage.cacheWriteTokens()).isEqualTo(200);
        var metered = dev.hedge.core.metering.TokenUsage.reported(usage);
        assertThat(metered.cachedInput()).isEqualTo(1000);
        assertThat(metered.cacheWrite()).isEqualTo(200);
        assertThat(metered.input()).isEqualTo(1210);
        assertThat(usage.completionTokens()).isEqualTo(3);
    }

    @Test
    void overloadedErrorEventMidStreamFailsAsOverloaded() {
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4","content":[],"usage":{"input_tokens":10,"output_tokens":1}}}

                event: content_block_start
                data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}

                event: error
                data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

                """;
        Replay<ChatCompletionChunk> replay = replay(stream.getBytes(StandardCharsets.UTF_8));

        ProviderException error = replay.error();
        assertThat(error).isNotNull();
        assertThat(error.kind()).isEqualTo(ProviderException.Kind.STREAM_ERROR);
        assertThat(error.status()).isEqualTo(529);
        assertThat(error.retryable()).isTrue();
        assertThat(error.upstreamError().orElseThrow().type()).isEqualTo(ErrorType.OVERLOADED);
        assertThat(replay.items()).hasSize(2); // the role chunk and "Par" were already out
    }

    @Test
    void streamCutBeforeMessageStopIsTruncated() {
        String stream = """
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}

                event: content_block_delta
                data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Par"}}

                """;
        Replay<ChatCompletionChunk> replay = replay(stream.getBytes(StandardCharsets.UTF_8));

        assertThat(replay.error()).isNotNull();
        assertThat(replay.error().kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
        assertThat(replay.error().getMessage()).contains("message_stop");
    }
}
