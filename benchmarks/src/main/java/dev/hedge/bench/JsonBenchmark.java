package dev.hedge.bench;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Request parse/serialize: what every chat call costs in JSON on the way in (client body → record), on the way
 * out (record → upstream body), and for the answer (upstream body → record → client body).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonBenchmark {

    private ChatCompletionRequest request;
    private ChatCompletion completion;

    @Setup
    public void setUp() throws IOException {
        request = Json.read(Wire.CHAT_REQUEST, ChatCompletionRequest.class);
        completion = Json.read(Wire.COMPLETION, ChatCompletion.class);
    }

    @Benchmark
    public ChatCompletionRequest parseRequest() throws IOException {
        return Json.read(Wire.CHAT_REQUEST, ChatCompletionRequest.class);
    }

    @Benchmark
    public byte[] serializeRequest() {
        return Json.write(request);
    }

    @Benchmark
    public ChatCompletion parseCompletion() throws IOException {
        return Json.read(Wire.COMPLETION, ChatCompletion.class);
    }

    @Benchmark
    public byte[] serializeCompletion() {
        return Json.write(completion);
    }
}
