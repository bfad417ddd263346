package dev.hedge.bench;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.json.Json;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Request parse/serialize: what every chat call costs in JSON on the way in (client body → record), on the way
 * out (record → upstream body), and for the answer (upstream body → record → client body).
 */
@State(Scope.Benchmark)
public class JsonBenchmark extends HotPathBenchmark {

    private ChatCompletionRequest request;
    private ChatCompletion completion;

    @Setup
    public void setUp() throws IOException {
        request = Json.read(Wire.CHAT_REQUEST, ChatCompletionRequest.class);
        completion = Json.read(Wire.COMPLETION, ChatCompletion.class);
    }

    /** As the server reads a client's body (typed in one pass; {@code ChatRequestReadBenchmark} sets it beside databind). */
    @Benchmark
    public ChatCompletionRequest parseRequest() throws IOException {
        return Json.readChatRequest(Wire.CHAT_REQUEST);
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
