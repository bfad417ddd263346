package dev.hedge.providers.openai;

import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.json.Json;
import dev.hedge.api.sse.SseFrames;
import dev.hedge.api.sse.SseParser;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.bench.Wire;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftListener;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SSE relay, per chunk: the upstream bytes of one event through the SSE parser, the OpenAI chunk reader (typed
 * into {@link ChatCompletionChunk}, or through the drift guard), and back out as the client's {@code data:} frame
 * (around the supplier's bytes, or the record written again) — the work Hedge does for every streamed token
 * besides the socket I/O.
 */
@State(Scope.Benchmark)
public class SseRelayBenchmark extends HotPathBenchmark {

    private SseParser parser;
    private byte[] lastData = new byte[0];
    private final ByteArrayOutputStream frames = new ByteArrayOutputStream(1024);
    private final DriftGuard guard = new DriftGuard("mock", false, DriftListener.NONE, SystemTicker.instance());

    @Setup
    public void setUp() {
        parser = new SseParser((event, data) -> lastData = data, 1 << 20);
        parser.feed(Wire.CHUNK_EVENT);
        if (OpenAiShapes.chunk("mock", guard, "mock", lastData, List.of()).source() == null) {
            throw new IllegalStateException("the mock's chunk is not relayed as it came: relayChunk would measure "
                    + "the writer or the guard");
        }
    }

    /** Parse only: bytes → event data. */
    @Benchmark
    public byte[] parseEvent() {
        parser.feed(Wire.CHUNK_EVENT);
        return lastData;
    }

    /**
     * The whole relay of one chunk as the OpenAI provider and the server's sink do it: bytes → event → chunk record
     * (read typed in one pass, the mock's chunk having the expected shape, which keeps the event's bytes) → client
     * frame around the supplier's bytes as they came, in the buffer that would go to the socket.
     */
    @Benchmark
    public int relayChunk() {
        parser.feed(Wire.CHUNK_EVENT);
        Relayed<ChatCompletionChunk> chunk = OpenAiShapes.chunk("mock", guard, "mock", lastData, List.of());
        frames.reset();
        byte[] source = chunk.source();
        if (source != null) {
            SseFrames.data(source, frames);
        } else {
            SseFrames.data(chunk.value(), frames);
        }
        return frames.size();
    }

    /**
     * {@link #relayChunk()} with the chunk record written again into the frame, as every chunk was before the
     * relay kept the supplier's bytes (and a chunk Hedge changes still is).
     */
    @Benchmark
    public int relayChunkWritten() {
        parser.feed(Wire.CHUNK_EVENT);
        ChatCompletionChunk chunk = OpenAiShapes.chunk("mock", guard, "mock", lastData, List.of()).value();
        frames.reset();
        SseFrames.data(chunk, frames);
        return frames.size();
    }

    /**
     * {@link #relayChunkWritten()} with the frame made as the sink made it before: JSON array → frame array →
     * buffer.
     */
    @Benchmark
    public int relayChunkThroughArrays() {
        parser.feed(Wire.CHUNK_EVENT);
        ChatCompletionChunk chunk = OpenAiShapes.chunk("mock", guard, "mock", lastData, List.of()).value();
        frames.reset();
        frames.writeBytes(SseFrames.data(Json.write(chunk)));
        return frames.size();
    }

    /**
     * {@link #relayChunk()} through the guarded path every chunk took before the typed reader (and a drifted
     * chunk still takes): bytes → event → JSON tree → drift guard → chunk record → client frame.
     */
    @Benchmark
    public byte[] relayChunkGuarded() {
        parser.feed(Wire.CHUNK_EVENT);
        ChatCompletionChunk chunk = OpenAiShapes.chunk("mock",
                guard.check(DriftGuard.Answer.CHAT_CHUNK, "mock", OpenAiShapes.tree("mock", lastData)), List.of());
        return SseFrames.data(Json.write(chunk));
    }
}
