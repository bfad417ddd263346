package dev.hedge.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.bench.HotPathBenchmark;
import dev.hedge.bench.Wire;
import java.io.IOException;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each chat call costs to serialise, side by side in one run: {@link Json#write} (hand-made serializers)
 * and a plain databind mapper with {@link Json}'s configuration (what {@code Json.write} was before them), for
 * the mock upstream's {@code chat.completion} (about 600 bytes, with usage), one streamed chunk, and the request
 * as Hedge sends it upstream. Lives in {@code dev.hedge.api.json} to reach the databind-only configuration.
 */
@State(Scope.Benchmark)
public class JsonWriteBenchmark extends HotPathBenchmark {

    private final ObjectMapper databind = Json.databind().build();
    private ChatCompletion completion;
    private ChatCompletionChunk chunk;
    private ChatCompletionRequest request;

    @Setup
    public void setUp() throws IOException {
        completion = Json.read(Wire.COMPLETION, ChatCompletion.class);
        byte[] event = Wire.CHUNK_EVENT;
        chunk = Json.read(Arrays.copyOfRange(event, "data: ".length(), event.length - 2), ChatCompletionChunk.class);
        request = Json.read(Wire.CHAT_REQUEST, ChatCompletionRequest.class).withModel("gpt-4o-mini-2024-07-18");
    }

    @Benchmark
    public byte[] completionByHand() {
        return Json.write(completion);
    }

    @Benchmark
    public byte[] completionByDatabind() throws JsonProcessingException {
        return databind.writeValueAsBytes(completion);
    }

    @Benchmark
    public byte[] chunkByHand() {
        return Json.write(chunk);
    }

    @Benchmark
    public byte[] chunkByDatabind() throws JsonProcessingException {
        return databind.writeValueAsBytes(chunk);
    }

    @Benchmark
    public byte[] requestByHand() {
        return Json.write(request);
    }

    @Benchmark
    public byte[] requestByDatabind() throws JsonProcessingException {
        return databind.writeValueAsBytes(request);
    }
}
