package dev.hedge.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.Golden;
import dev.hedge.providers.Replay;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.drift.DriftRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemini's SSE stream (written from its documented GenerateContentResponse format) → OpenAI chunks. */
class GeminiStreamDecoderTest {

    private final DriftRegistry drift = new DriftRegistry(new ManualTicker());
    private final DriftGuard guard = new DriftGuard("google", false, drift, new ManualTicker());

    private Replay<ChatCompletionChunk> replay(String stream) {
        return Replay.of(new GeminiStreamDecoder(guard, "gemini-2.0-flash", 1_700_000_000L, List.of()),
                stream.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void textAndFunctionCallStreamMatchesItsGoldenOpenAiStream() {
        Replay<ChatCompletionChunk> replay = replay(Golden.read("gemini/stream/text-and-call.sse"));

        assertThat(replay.completed()).isTrue();
        Golden.assertLines("gemini/stream/text-and-call.openai.jsonl", replay.lines());
    }

    @Test
    void safetyStopMidStreamFinishesAsContentFilter() {
        Replay<ChatCompletionChunk> replay = replay("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Once"}]},"index":0}]}

                data: {"candidates":[{"content":{"role":"model","parts":[]},"finishReason":"SAFETY","index":0,"safetyRatings":[{"category":"HARM_CATEGORY_DANGEROUS_CONTENT","probability":"HIGH"}]}],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1,"totalTokenCount":5}}

                """);

        assertThat(replay.completed()).isTrue();
        assertThat(replay.items()).anySatisfy(chunk -> assertThat(chunk.choices()).singleElement()
                .extracting(ChatCompletionChunk.Choice::finishReason).isEqualTo("content_filter"));
    }

    @Test
    void errorObjectInTheStreamFailsWithItsStatus() {
        Replay<ChatCompletionChunk> replay = replay("""
                data: {"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}}

                """);

        assertThat(replay.error()).isNotNull();
        assertThat(replay.error().kind()).isEqualTo(ProviderException.Kind.STREAM_ERROR);
        assertThat(replay.error().status()).isEqualTo(503);
        assertThat(replay.error().retryable()).isTrue();
    }

    @Test
    void streamEndingBeforeAFinishReasonIsTruncated() {
        Replay<ChatCompletionChunk> replay = replay("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Once"}]},"index":0}]}

                """);

        assertThat(replay.error()).isNotNull();
        assertThat(replay.error().kind()).isEqualTo(ProviderException.Kind.PROTOCOL);
    }

    @Test
    void unknownFinishReasonIsRepairedAndCounted() {
        Replay<ChatCompletionChunk> replay = replay("""
                data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"}]},"finishReason":"NEW_REASON","index":0}]}

                """);

        assertThat(replay.completed()).isTrue();
        assertThat(drift.snapshot().count(DriftKind.UNKNOWN_VALUE)).isEqualTo(1);
    }
}
