package dev.hedge.testing;

import dev.hedge.api.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the fake upstream does with one request, step by step: status and headers, body writes, server-sent
 * events, pauses until a test releases them, delays, a connection reset, or hanging forever.
 *
 * <pre>
 * Script.stream().event(chunk1).await(release).event(chunk2).done()
 * Script.status(429).header("retry-after", "2").json(error)
 * Script.reset()
 * </pre>
 */
public final class Script {

    sealed interface Step {}

    record Head(int status, Map<String, String> headers) implements Step {}

    record Write(byte[] bytes) implements Step {}

    record Delay(Duration delay) implements Step {}

    record Await(CompletableFuture<?> signal) implements Step {}

    record End() implements Step {}

    record Reset() implements Step {}

    record Hang() implements Step {}

    private final List<Step> steps = new ArrayList<>();
    private int status = 200;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private boolean headSent;

    private Script() {}

    /** A response with this status; add headers, then body steps. */
    public static Script status(int status) {
        Script script = new Script();
        script.status = status;
        return script;
    }

    /** A 200 {@code text/event-stream}; add events, end with {@link #done()} or a fault. */
    public static Script stream() {
        return status(200).header("content-type", "text/event-stream");
    }

    /** A 200 JSON answer. */
    public static Script ok(Object body) {
        return status(200).json(body);
    }

    /** An OpenAI-shaped error answer. */
    public static Script error(int status, String type, String message) {
        return status(status).json(Map.of("error", Map.of("message", message, "type", type)));
    }

    /** Closes the connection before any response byte. */
    public static Script reset() {
        Script script = new Script();
        script.steps.add(new Reset());
        return script;
    }

    /** Reads the request and never answers. */
    public static Script hang() {
        Script script = new Script();
        script.steps.add(new Hang());
        return script;
    }

    /** Waits before doing anything else (latency before headers). */
    public static Script delayed(Duration delay, Script then) {
        Script script = new Script();
        script.steps.add(new Delay(delay));
        script.status = then.status;
        script.headers.putAll(then.headers);
        script.steps.addAll(then.steps);
        return script;
    }

    public Script header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Writes {@code body} as JSON and ends. */
    public Script json(Object body) {
        header("content-type", "application/json");
        return write(Json.write(body)).end();
    }

    /** Writes raw bytes (no end). */
    public Script write(byte[] bytes) {
        ensureHead();
        steps.add(new Write(bytes));
        return this;
    }

    public Script write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one {@code data:} event carrying {@code value} as JSON. */
    public Script event(Object value) {
        return write("data: " + Json.writeString(value) + "\n\n");
    }

    /** Writes one event with a name (Anthropic's style). */
    public Script event(String name, Object value) {
        return write("event: " + name + "\ndata: " + Json.writeString(value) + "\n\n");
    }

    /** Writes {@code data: [DONE]} and ends. */
    public Script done() {
        return write("data: [DONE]\n\n").end();
    }

    /** Waits until {@code signal} completes (a test's release). */
    public Script await(CompletableFuture<?> signal) {
        ensureHead();
        steps.add(new Await(signal));
        return this;
    }

    public Script delay(Duration delay) {
        ensureHead();
        steps.add(new Delay(delay));
        return this;
    }

    /** Ends the response (a stream without [DONE] when no done() came before). */
    public Script end() {
        ensureHead();
        steps.add(new End());
        return this;
    }

    /** Closes the connection abruptly here (mid-stream reset). */
    public Script thenReset() {
        ensureHead();
        steps.add(new Reset());
        return this;
    }

    /** Stops answering here, connection open. */
    public Script thenHang() {
        ensureHead();
        steps.add(new Hang());
        return this;
    }

    private void ensureHead() {
        if (!headSent) {
            headSent = true;
            steps.add(new Head(status, headers));
        }
    }

    List<Step> steps() {
        if (!headSent && steps.stream().noneMatch(s -> s instanceof Reset || s instanceof Hang)) {
            ensureHead();
            steps.add(new End());
        }
        return steps;
    }
}
