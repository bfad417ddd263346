package dev.hedge.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Anthropic Messages API: a {@link FakeUpstream} plus answers written as Anthropic writes them
 * (message objects, named SSE events, error envelopes), after its documented formats.
 */
public final class FakeAnthropic implements AutoCloseable {

    private final FakeUpstream upstream;

    private FakeAnthropic(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    public static FakeAnthropic start() {
        return new FakeAnthropic(FakeUpstream.start());
    }

    /** {@code http://127.0.0.1:PORT/v1}: requests arrive at {@code /v1/messages}. */
    public String baseUrl() {
        return upstream.baseUrl();
    }

    public FakeUpstream upstream() {
        return upstream;
    }

    public FakeAnthropic enqueue(Script... scripts) {
        upstream.enqueue(scripts);
        return this;
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** A message with one text block. */
    public static Script message(String model, String text, int inputTokens, int outputTokens) {
        return Script.ok(message(model, List.of(Map.of("type", "text", "text", text)), "end_turn",
                usage(inputTokens, outputTokens)));
    }

    /** A message with a text block and a tool_use block. */
    public static Script toolUse(String model, String text, String id, String name, Map<String, Object> input,
            int inputTokens, int outputTokens) {
        return Script.ok(message(model, List.of(Map.of("type", "text", "text", text),
                Map.of("type", "tool_use", "id", id, "name", name, "input", input)), "tool_use",
                usage(inputTokens, outputTokens)));
    }

    public static Map<String, Object> message(String model, List<Map<String, Object>> content, String stopReason,
            Map<String, Object> usage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "msg_fake01");
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", model);
        body.put("content", content);
        body.put("stop_reason", stopReason);
        body.put("stop_sequence", null);
        body.put("usage", usage);
        return body;
    }

    public static Map<String, Object> usage(int inputTokens, int outputTokens) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("input_tokens", inputTokens);
        usage.put("cache_creation_input_tokens", 0);
        usage.put("cache_read_input_tokens", 0);
        usage.put("output_tokens", outputTokens);
        return usage;
    }

    /** A streamed text answer: message_start, one text block in {@code pieces}, message_delta, message_stop. */
    public static Script streamText(String model, List<String> pieces, int inputTokens, int outputTokens) {
        Script script = start(model, inputTokens)
                .event("content_block_start", Map.of("type", "content_block_start", "index", 0,
                        "content_block", Map.of("type", "text", "text", "")))
                .event("ping", Map.of("type", "ping"));
        for (String piece : pieces) {
            script.event("content_block_delta", Map.of("type", "content_block_delta", "index", 0,
                    "delta", Map.of("type", "text_delta", "text", piece)));
        }
        return script.event("content_block_stop", Map.of("type", "content_block_stop", "index", 0))
                .event("message_delta", messageDelta("end_turn", outputTokens))
                .event("message_stop", Map.of("type", "message_stop"))
                .end();
    }

    /** The start of a stream (message_start), for tests that script the rest themselves. */
    public static Script start(String model, int inputTokens) {
        Map<String, Object> message = message(model, List.of(), null, usage(inputTokens, 1));
        return Script.stream().event("message_start", Map.of("type", "message_start", "message", message));
    }

    public static Map<String, Object> messageDelta(String stopReason, int outputTokens) {
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("stop_reason", stopReason);
        delta.put("stop_sequence", null);
        return Map.of("type", "message_delta", "delta", delta, "usage", Map.of("output_tokens", outputTokens));
    }

    /** An error event inside a 200 stream. */
    public static Map<String, Object> errorEvent(String type, String message) {
        return Map.of("type", "error", "error", Map.of("type", type, "message", message));
    }

    /** A recorded SSE transcript sent as it was recorded. */
    public static Script replay(byte[] transcript) {
        return Script.stream().write(transcript).end();
    }

    /** An error answer in Anthropic's envelope (e.g. 529 overloaded_error, 401 authentication_error). */
    public static Script error(int status, String type, String message) {
        return Script.status(status).json(Map.of("type", "error", "error", Map.of("type", type, "message", message)));
    }

    /** Text pieces as a list (helper for callers writing several). */
    public static List<String> pieces(String... pieces) {
        return new ArrayList<>(List.of(pieces));
    }
}
