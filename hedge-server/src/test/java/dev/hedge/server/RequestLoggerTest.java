package dev.hedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import org.junit.jupiter.api.Test;

class RequestLoggerTest {

    @Test
    void aLineIsJsonWhateverItsValuesHold() throws Exception {
        String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 é 漢 😀";
        String line = new RequestLogger.Line()
                .field("key", awkward)
                .field("status", 200)
                .field("stream", true)
                .millis("latency_ms", 1_234_567)
                .millis("ttft_ms", 50_000)
                .end();
        JsonNode parsed = Json.mapper().readTree(line);
        assertThat(parsed.get("key").asText()).isEqualTo(awkward);
        assertThat(parsed.get("status").asInt()).isEqualTo(200);
        assertThat(parsed.get("stream").asBoolean()).isTrue();
        assertThat(parsed.get("latency_ms").decimalValue()).isEqualByComparingTo("1.23");
        assertThat(parsed.get("ttft_ms").decimalValue()).isEqualByComparingTo("0.05");
        assertThat(line).doesNotContain("\n");
    }
}
