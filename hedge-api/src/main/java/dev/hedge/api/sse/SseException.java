package dev.hedge.api.sse;

/** A stream that cannot be parsed as server-sent events. */
public final class SseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SseException(String message) {
        super(message);
    }
}
