package dev.hedge.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.core.time.ManualTicker;
import dev.hedge.providers.Replay;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An OpenAI stream through the decoder as the provider reads it: which chunks go on with their bytes. */
class OpenAiChunkDecoderTest {

    private static final String CHUNK = "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}";

    private final DriftGuard guard = new DriftGuard("vendor", false, DriftListener.NONE, new ManualTicker());

    @Test
    void handsOnTheBytesOfAChunkOnOneDataLineOnly() {
        String stream = "data: " + CHUNK + "\n\n"
                // the same chunk across two data lines: joined with a line break, which one data line cannot hold
                + "data: " + CHUNK.replace(",\"model\"", "\ndata: ,\"model\"") + "\n\n"
                // a vendor field the guard drops
                + "data: " + CHUNK.replace("\"choices\"", "\"x_vendor\":1,\"choices\"") + "\n\n"
                + "data: [DONE]\n\n";

        Replay<?> replay = Replay.of(new OpenAiChunkDecoder<>("vendor", List.of(),
                (provider, data, secrets) -> OpenAiShapes.chunk(provider, guard, "m", data, secrets),
                OpenAiShapes::chunkFinished), stream.getBytes(StandardCharsets.UTF_8));

        assertThat(replay.completed()).isTrue();
        assertThat(replay.items()).hasSize(3).allSatisfy(item -> assertThat(item).isEqualTo(replay.items().getFirst()));
        assertThat(replay.sources()).containsExactly(CHUNK.getBytes(StandardCharsets.UTF_8), null, null);
    }
}
