package dev.hedge.api.json;

import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.bench.Wire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Reading a client's chat request body into records, side by side in one run: {@link Json#readChatRequest} (the
 * typed one-pass reader the gateway uses) and databind ({@code Json.read}, what the gateway used before and
 * still uses for any body the typed reader leaves), for a streamed conversation of four messages as the OpenAI
 * SDKs send it (493 bytes) and for the load harness's request ({@link Wire#CHAT_REQUEST}, 150 bytes).
 * Lives in {@code dev.hedge.api.json} to check that the typed reader, not databind, reads both.
 */
@State(Scope.Benchmark)
public class ChatRequestReadBenchmark extends HotPathBenchmark {

    /** A four-message streamed conversation, fields in the order the OpenAI Java SDK writes them. */
    static final byte[] SDK_REQUEST = ("{\"messages\":[{\"content\":\"You are a helpful assistant. Answer in one "
            + "short paragraph.\",\"role\":\"system\"},{\"content\":\"What is the capital of Australia?\",\"role\":"
            + "\"user\"},{\"content\":\"Canberra is the capital of Australia; Sydney and Melbourne are larger.\","
            + "\"role\":\"assistant\"},{\"content\":\"Why was it chosen over Sydney? Keep it brief, please.\",\"role\":"
            + "\"user\"}],\"model\":\"gpt-4o-mini\",\"max_completion_tokens\":256,\"stream\":true,\"stream_options\":"
            + "{\"include_usage\":true},\"temperature\":0.7,\"user\":\"user-1234\"}").getBytes(StandardCharsets.UTF_8);

    @Setup
    public void setUp() {
        if (ChatRequestReader.read(SDK_REQUEST).isEmpty() || ChatRequestReader.read(Wire.CHAT_REQUEST).isEmpty()) {
            throw new IllegalStateException("the requests are not read typed: this would measure databind twice");
        }
    }

    @Benchmark
    public ChatCompletionRequest sdkRequestTyped() throws IOException {
        return Json.readChatRequest(SDK_REQUEST);
    }

    @Benchmark
    public ChatCompletionRequest sdkRequestDatabind() throws IOException {
        return Json.read(SDK_REQUEST, ChatCompletionRequest.class);
    }

    @Benchmark
    public ChatCompletionRequest harnessRequestTyped() throws IOException {
        return Json.readChatRequest(Wire.CHAT_REQUEST);
    }

    @Benchmark
    public ChatCompletionRequest harnessRequestDatabind() throws IOException {
        return Json.read(Wire.CHAT_REQUEST, ChatCompletionRequest.class);
    }
}
