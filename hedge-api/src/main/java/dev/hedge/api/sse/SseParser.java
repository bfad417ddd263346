package dev.hedge.api.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An incremental parser for a {@code text/event-stream}, fed bytes as they arrive from the network.
 *
 * <p>Follows the WHATWG event-stream rules: lines end in LF, CR or CRLF (also when split across reads);
 * {@code data:} lines of one event are joined with LF; a line starting with {@code :} is a comment; an
 * event is dispatched at a blank line, and only when it has data. A trailing event without its blank line
 * is not dispatched ({@link #hasPartialEvent()} tells whether one was cut off).
 *
 * <p>Not thread-safe: feed it from one thread (the connection's event loop).
 */
public final class SseParser {

    /** Receives each complete event. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param event the {@code event:} field, or null when the event has none
         * @param data the joined {@code data:} lines as UTF-8 bytes (owned by the listener)
         */
        void onEvent(@Nullable String event, byte[] data);
    }

    private final Listener listener;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private @Nullable String eventName;
    private boolean lastWasCarriageReturn;

    /**
     * @param maxEventBytes the largest event accepted; a bigger one fails with {@link SseException}
     */
    public SseParser(Listener listener, int maxEventBytes) {
        if (maxEventBytes <= 0) {
            throw new IllegalArgumentException("maxEventBytes: %s (expected: > 0)".formatted(maxEventBytes));
        }
        this.listener = listener;
        this.maxEventBytes = maxEventBytes;
    }

    /** Feeds the next bytes of the stream. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * Feeds {@code length} bytes from {@code offset}; complete events are dispatched before this returns.
     *
     * @throws SseException when an event grows beyond the limit
     */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        if (i < end && lastWasCarriageReturn) {
            lastWasCarriageReturn = false;
            if (bytes[i] == '\n') {
                i++; // the LF of a CRLF split across reads
            }
        }
        while (i < end) {
            int lineEnd = i;
            while (lineEnd < end && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
                lineEnd++;
            }
            appendToLine(bytes, i, lineEnd - i);
            if (lineEnd == end) {
                return;
            }
            endLine();
            i = lineEnd + 1;
            if (bytes[lineEnd] == '\r') {
                if (i == end) {
                    lastWasCarriageReturn = true;
                } else if (bytes[i] == '\n') {
                    i++;
                }
            }
        }
    }

    /** Whether bytes of an event have arrived that no blank line has completed yet. */
    public boolean hasPartialEvent() {
        return lineLength > 0 || hasData || eventName != null;
    }

    /** Appends a run of bytes without line breaks to the current line. */
    private void appendToLine(byte[] bytes, int from, int count) {
        int needed = lineLength + count;
        if (needed > line.length) {
            // a line may be the limit plus one byte (a data line's value is checked against the limit on its own)
            if (needed > maxEventBytes + 1) {
                ensureWithinLimit(needed);
            }
            line = Arrays.copyOf(line, Math.max(needed, Math.min(line.length * 2, maxEventBytes + 1)));
        }
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength = needed;
    }

    private void endLine() {
        if (lineLength == 0) {
            dispatch();
            return;
        }
        switch (line[0]) {
            case ':' -> {} // comment, e.g. a keep-alive
            case 'd' -> {
                int valueStart = valueStart("data");
                if (valueStart >= 0) {
                    appendData(valueStart);
                }
            }
            case 'e' -> {
                int valueStart = valueStart("event");
                if (valueStart >= 0) {
                    eventName = new String(line, valueStart, lineLength - valueStart, StandardCharsets.UTF_8);
                }
            }
            default -> {} // id, retry and unknown fields mean nothing to a relay
        }
        lineLength = 0;
    }

    /** Where the value of field {@code name} starts on the current line, or -1 if it is another field. */
    private int valueStart(String name) {
        int n = name.length();
        if (lineLength < n) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (line[i] != name.charAt(i)) {
                return -1;
            }
        }
        if (lineLength == n) {
            return n;
        }
        if (line[n] != ':') {
            return -1;
        }
        return lineLength > n + 1 && line[n + 1] == ' ' ? n + 2 : n + 1;
    }

    private void appendData(int valueStart) {
        int valueLength = lineLength - valueStart;
        int needed = dataLength + valueLength + (hasData ? 1 : 0);
        ensureWithinLimit(needed);
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, valueStart, data, dataLength, valueLength);
        dataLength += valueLength;
        hasData = true;
    }

    private void ensureWithinLimit(int size) {
        if (size > maxEventBytes) {
            throw new SseException("server-sent event larger than %d bytes".formatted(maxEventBytes));
        }
    }

    private void dispatch() {
        if (hasData) {
            byte[] event = Arrays.copyOf(data, dataLength);
            String name = eventName;
            dataLength = 0;
            hasData = false;
            eventName = null;
            listener.onEvent(name, event);
        } else {
            eventName = null;
        }
    }
}
