package dev.hedge.api.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SseParserTest {

    record Event(String name, String data) {}

    private final List<Event> events = new ArrayList<>();
    private final SseParser parser =
            new SseParser((name, data) -> events.add(new Event(name, new String(data, StandardCharsets.UTF_8))), 1 << 16);

    private void feed(String text) {
        parser.feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void dispatchesDataAtBlankLine() {
        feed("data: {\"a\":1}\n");
        assertThat(events).isEmpty();
        feed("\n");
        assertThat(events).containsExactly(new Event(null, "{\"a\":1}"));
    }

    @Test
    void joinsMultipleDataLinesWithNewline() {
        feed("data: one\ndata:two\ndata\n\n");
        assertThat(events).containsExactly(new Event(null, "one\ntwo\n"));
    }

    @Test
    void readsEventNamesAsAnthropicSendsThem() {
        feed("event: message_start\r\ndata: {}\r\n\r\nevent: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n");
        assertThat(events).containsExactly(new Event("message_start", "{}"), new Event("ping", "{\"type\": \"ping\"}"));
    }

    @Test
    void ignoresCommentsAndUnknownFields() {
        feed(": keep-alive\nid: 7\nretry: 100\nfoo: bar\ndata: x\n\n");
        assertThat(events).containsExactly(new Event(null, "x"));
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndDoesNotLeakItsName() {
        feed("event: lonely\n\ndata: y\n\n");
        assertThat(events).containsExactly(new Event(null, "y"));
    }

    @Test
    void crlfSplitAcrossReadsIsOneLineEnd() {
        feed("data: a\r");
        feed("\n\r");
        feed("\n");
        assertThat(events).containsExactly(new Event(null, "a"));
    }

    @Test
    void reportsAnEventCutOffByTheEndOfTheStream() {
        feed("data: {\"partial\"");
        assertThat(parser.hasPartialEvent()).isTrue();
        assertThat(events).isEmpty();
    }

    @Test
    void rejectsAnEventBeyondTheLimit() {
        SseParser small = new SseParser((n, d) -> {}, 16);
        assertThatThrownBy(() -> small.feed("data: 0123456789abcdefghij\n\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SseException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void keepsMultiByteCharactersSplitAcrossReads() {
        byte[] bytes = "data: héllo ✓\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(new byte[] {b});
        }
        assertThat(events).containsExactly(new Event(null, "héllo ✓"));
    }

    @Property
    void sameEventsWhateverTheReadBoundaries(@ForAll @IntRange(min = 1, max = 40) int readSize) {
        String stream = "event: a\ndata: 1\n\n: c\ndata: 2\r\ndata: 3\r\n\r\ndata: [DONE]\r\r";
        List<Event> seen = new ArrayList<>();
        SseParser p = new SseParser((n, d) -> seen.add(new Event(n, new String(d, StandardCharsets.UTF_8))), 1024);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += readSize) {
            p.feed(bytes, i, Math.min(readSize, bytes.length - i));
        }
        assertThat(seen).containsExactly(new Event("a", "1"), new Event(null, "2\n3"), new Event(null, "[DONE]"));
    }

    @Property
    void sameEventsAsTheSpecsLineByLineReadingWhateverTheReadBoundaries(
            @ForAll("eventStreams") String stream, @ForAll @IntRange(min = 1, max = 64) int readSize) {
        List<Event> seen = new ArrayList<>();
        SseParser p = new SseParser((n, d) -> seen.add(new Event(n, new String(d, StandardCharsets.UTF_8))), 1 << 16);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += readSize) {
            p.feed(bytes, i, Math.min(readSize, bytes.length - i));
        }
        assertThat(seen).isEqualTo(reference(stream));
    }

    @Provide
    Arbitrary<String> eventStreams() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("data: ", "data:", "data", "event: ", "event:x", ": c", "id: 1", "dat", "x"),
                Arbitraries.of("\n", "\r", "\r\n", "\n\n", "\r\n\r\n", "\r\r"),
                Arbitraries.strings().withChars("ab{}\":é ").ofMaxLength(12));
        return piece.list().ofMaxSize(40).map(pieces -> String.join("", pieces));
    }

    /** The event-stream rules read line by line, as the WHATWG specification words them. */
    private static List<Event> reference(String stream) {
        List<Event> events = new ArrayList<>();
        StringBuilder data = null;
        String name = null;
        int at = 0;
        while (true) {
            int lf = stream.indexOf('\n', at);
            int cr = stream.indexOf('\r', at);
            int end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
            if (end < 0) {
                return events; // an unterminated line is never processed
            }
            String line = stream.substring(at, end);
            at = end + (stream.startsWith("\r\n", end) ? 2 : 1);
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new Event(name, data.toString()));
                }
                data = null;
                name = null;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (colon == 0) {
                continue;
            }
            if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (field.equals("event")) {
                name = value;
            }
        }
    }

    @Test
    void framesDataAndRecognisesDone() {
        assertThat(new String(SseFrames.data("{}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("data: {}\n\n");
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        SseFrames.data(Map.of("a", 1), frames);
        SseFrames.data(List.of("é"), frames);
        assertThat(frames.toString(StandardCharsets.UTF_8)).isEqualTo("data: {\"a\":1}\n\ndata: [\"é\"]\n\n");
        assertThat(SseFrames.isDone("[DONE]".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(SseFrames.isDone("[DONE] ".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
