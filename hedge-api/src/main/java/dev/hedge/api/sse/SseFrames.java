package dev.hedge.api.sse;

import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes server-sent event frames as Hedge sends them to clients: {@code data: <json>\n\n}. */
public final class SseFrames {

    private static final byte[] DATA_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The frame that ends an OpenAI stream. */
    public static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The data payload that ends an OpenAI stream. */
    public static final String DONE_DATA = "[DONE]";

    private SseFrames() {}

    /** A {@code data:} frame around {@code json}, which must not contain a line break (JSON never needs one). */
    public static byte[] data(byte[] json) {
        byte[] frame = new byte[DATA_PREFIX.length + json.length + FRAME_END.length];
        System.arraycopy(DATA_PREFIX, 0, frame, 0, DATA_PREFIX.length);
        System.arraycopy(json, 0, frame, DATA_PREFIX.length, json.length);
        System.arraycopy(FRAME_END, 0, frame, DATA_PREFIX.length + json.length, FRAME_END.length);
        return frame;
    }

    /**
     * Writes {@code value}'s {@code data:} frame into {@code out}: its JSON goes straight to {@code out}, with no
     * array in between (a relay writes each chunk into the buffer that goes to the socket).
     */
    public static void data(Object value, OutputStream out) {
        try {
            out.write(DATA_PREFIX);
            Json.write(value, out);
            out.write(FRAME_END);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the {@code data:} frame around {@code json}, JSON already written (a relay's supplier bytes), into
     * {@code out}; {@code json} must not contain a line break.
     */
    public static void data(byte[] json, OutputStream out) {
        try {
            out.write(DATA_PREFIX);
            out.write(json);
            out.write(FRAME_END);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code data} is the {@code [DONE]} sentinel. */
    public static boolean isDone(byte[] data) {
        return data.length == 6 && data[0] == '[' && data[1] == 'D' && data[2] == 'O' && data[3] == 'N'
                && data[4] == 'E' && data[5] == ']';
    }
}
