package dev.hedge.api.sse;

import java.nio.charset.StandardCharsets;

/** Writes server-sent event frames as Hedge sends them to clients: {@code data: <json>\n\n}. */
public final class SseFrames {

    /** What a {@code data:} frame starts with; its JSON follows. */
    public static final byte[] DATA_PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    /** What ends a frame. */
    public static final byte[] FRAME_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

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

    /** Whether {@code data} is the {@code [DONE]} sentinel. */
    public static boolean isDone(byte[] data) {
        return data.length == 6 && data[0] == '[' && data[1] == 'D' && data[2] == 'O' && data[3] == 'N'
                && data[4] == 'E' && data[5] == ']';
    }
}
