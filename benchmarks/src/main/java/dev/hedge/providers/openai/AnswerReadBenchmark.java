package dev.hedge.providers.openai;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.json.Json;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.bench.Wire;
import dev.hedge.core.provider.Relayed;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftListener;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading the load mock's answers into records as the OpenAI provider does: its {@code chat.completion} (about
 * 650 bytes, {@link Wire#COMPLETION}) and one stream chunk (the data of {@link Wire#CHUNK_EVENT}), each typed in
 * one pass and through the guarded path (tree, drift guard, record) for comparison; and a unary answer's JSON
 * out, relayed as it came or written from the record.
 */
@State(Scope.Benchmark)
public class AnswerReadBenchmark extends HotPathBenchmark {

    private final DriftGuard guard = new DriftGuard("mock", false, DriftListener.NONE, SystemTicker.instance());
    private final byte[] chunk = Arrays.copyOfRange(Wire.CHUNK_EVENT, "data: ".length(),
            Wire.CHUNK_EVENT.length - "\n\n".length());

    @Setup
    public void setUp() {
        if (TypedAnswerReader.completion(Wire.COMPLETION).isEmpty() || TypedAnswerReader.chunk(chunk).isEmpty()) {
            throw new IllegalStateException("the mock's answers are not read typed: this would measure the guard");
        }
    }

    /** The provider's read of an answer: typed in one pass (the mock's answer has the expected shape). */
    @Benchmark
    public Relayed<ChatCompletion> completionTyped() {
        return OpenAiShapes.completion("mock", guard, "mock", Wire.COMPLETION, List.of());
    }

    /** A whole unary answer's JSON work: read typed, then its bytes relayed to the client as they came. */
    @Benchmark
    public byte[] completionReadAndRelayed() {
        Relayed<ChatCompletion> answer = OpenAiShapes.completion("mock", guard, "mock", Wire.COMPLETION, List.of());
        byte[] source = answer.source();
        return source != null ? source : Json.write(answer.value());
    }

    /** {@link #completionReadAndRelayed()} as it was before: read typed, then the record written for the client. */
    @Benchmark
    public byte[] completionReadAndWritten() {
        return Json.write(OpenAiShapes.completion("mock", guard, "mock", Wire.COMPLETION, List.of()).value());
    }

    /** The guarded path every answer took before (and a drifted answer still takes): tree → guard → record. */
    @Benchmark
    public ChatCompletion completionGuarded() {
        return OpenAiShapes.completion("mock",
                guard.check(DriftGuard.Answer.CHAT_COMPLETION, "mock", OpenAiShapes.tree("mock", Wire.COMPLETION)),
                List.of());
    }

    /** The provider's read of a stream chunk, typed. */
    @Benchmark
    public Relayed<ChatCompletionChunk> chunkTyped() {
        return OpenAiShapes.chunk("mock", guard, "mock", chunk, List.of());
    }

    /** A stream chunk through the guarded path. */
    @Benchmark
    public ChatCompletionChunk chunkGuarded() {
        return OpenAiShapes.chunk("mock",
                guard.check(DriftGuard.Answer.CHAT_CHUNK, "mock", OpenAiShapes.tree("mock", chunk)), List.of());
    }
}
