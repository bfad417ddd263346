package dev.hedge.testing;

import java.time.Duration;
import java.util.Map;

/**
 * The ways an upstream breaks, each as a {@link Script} for a streamed or a one-piece answer (queue it on a
 * {@link FakeUpstream}), except {@link #CONNECTION_REFUSED}, which is a port nobody listens on
 * ({@link DeadPort}). Answers that get as far as content say {@code "Hel"} before breaking.
 */
public enum Fault {
    /** Answers correctly after {@link #LATENCY_ADDED}. */
    LATENCY,
    /** Nobody listens: the deployment's base URL points at a {@link DeadPort}. */
    CONNECTION_REFUSED,
    /** Closes the connection before any response byte. */
    RESET_BEFORE_HEADERS,
    /** Closes the connection after some content (streamed), or in the middle of the JSON body. */
    RESET_MID_STREAM,
    HTTP_500,
    HTTP_502,
    HTTP_503,
    /** 429 with {@code Retry-After: 1}. */
    HTTP_429,
    /** A 200 whose body (or first event) is not JSON. */
    MALFORMED_JSON,
    /** Content, then the body ends without {@code [DONE]} (streamed) or in the middle of the JSON. */
    TRUNCATED,
    /** An OpenAI error object in a 200 answer before any content. */
    ERROR_BEFORE_FIRST_TOKEN,
    /** Content, then an error event (streamed); a one-piece answer cannot carry both, so it is the error. */
    ERROR_AFTER_CONTENT,
    /** Content, then silence with the connection open (streamed); headers and half a body (one-piece). */
    STALL,
    /** Reads the request and never answers. */
    HANG;

    /** How long {@link #LATENCY} waits before answering. */
    public static final Duration LATENCY_ADDED = Duration.ofMillis(100);

    /** What the content of a broken answer says before it breaks. */
    public static final String PARTIAL = "Hel";

    private static final Map<String, Object> ERROR =
            Map.of("error", Map.of("message", "the model is overloaded", "type", "server_error"));

    /** The script for this fault; {@code model} names the upstream model in chunks and answers. */
    public Script script(boolean stream, String model) {
        return stream ? streamed(model) : whole(model);
    }

    /** A healthy answer saying {@code content}. */
    public static Script healthy(boolean stream, String model, String content) {
        if (!stream) {
            return Script.ok(OpenAiFixtures.completion(model, content, 5, 2));
        }
        return Script.stream()
                .event(OpenAiFixtures.roleChunk(model))
                .event(OpenAiFixtures.contentChunk(model, content))
                .event(OpenAiFixtures.finishChunk(model, "stop"))
                .done();
    }

    private Script streamed(String model) {
        return switch (this) {
            case LATENCY -> Script.delayed(LATENCY_ADDED, healthy(true, model, "Hello"));
            case CONNECTION_REFUSED -> throw new IllegalStateException("CONNECTION_REFUSED is a DeadPort, not a script");
            case RESET_BEFORE_HEADERS -> Script.reset();
            case RESET_MID_STREAM -> started(model).thenReset();
            case HTTP_500 -> Script.error(500, "server_error", "internal error");
            case HTTP_502 -> Script.error(502, "server_error", "bad gateway");
            case HTTP_503 -> Script.error(503, "server_error", "overloaded");
            case HTTP_429 -> rateLimited();
            case MALFORMED_JSON -> Script.stream().write("data: {\"id\": not json\n\n").done();
            case TRUNCATED -> started(model).end();
            case ERROR_BEFORE_FIRST_TOKEN -> Script.stream().event(OpenAiFixtures.roleChunk(model)).event(ERROR).end();
            case ERROR_AFTER_CONTENT -> started(model).event(ERROR).end();
            case STALL -> started(model).thenHang();
            case HANG -> Script.hang();
        };
    }

    private Script whole(String model) {
        return switch (this) {
            case LATENCY -> Script.delayed(LATENCY_ADDED, healthy(false, model, "Hello"));
            case CONNECTION_REFUSED -> throw new IllegalStateException("CONNECTION_REFUSED is a DeadPort, not a script");
            case RESET_BEFORE_HEADERS -> Script.reset();
            case RESET_MID_STREAM -> halfBody().thenReset();
            case HTTP_500, HTTP_502, HTTP_503, HTTP_429, HANG -> streamed(model);
            case MALFORMED_JSON -> Script.status(200).header("content-type", "application/json")
                    .write("{\"id\": not json").end();
            case TRUNCATED -> halfBody().end();
            case ERROR_BEFORE_FIRST_TOKEN, ERROR_AFTER_CONTENT -> Script.ok(ERROR);
            case STALL -> halfBody().thenHang();
        };
    }

    /** Whether a streamed answer with this fault shows content before it breaks (so it is past the commit point). */
    public boolean breaksAfterContent() {
        return this == RESET_MID_STREAM || this == TRUNCATED || this == ERROR_AFTER_CONTENT || this == STALL;
    }

    private static Script started(String model) {
        return Script.stream().event(OpenAiFixtures.roleChunk(model)).event(OpenAiFixtures.contentChunk(model, PARTIAL));
    }

    private static Script halfBody() {
        return Script.status(200).header("content-type", "application/json").write("{\"id\":\"chatcmpl-1\",\"object\":");
    }

    private static Script rateLimited() {
        return Script.status(429).header("retry-after", "1")
                .json(Map.of("error", Map.of("message", "slow down", "type", "rate_limit_error")));
    }
}
