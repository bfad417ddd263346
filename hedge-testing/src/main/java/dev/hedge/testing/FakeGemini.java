package dev.hedge.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Gemini API: a {@link FakeUpstream} plus answers written as Gemini writes them
 * ({@code GenerateContentResponse} objects, SSE data events without an end marker, Google error envelopes),
 * after its documented formats.
 */
public final class FakeGemini implements AutoCloseable {

    private final FakeUpstream upstream;

    private FakeGemini(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    public static FakeGemini start() {
        return new FakeGemini(FakeUpstream.start());
    }

    /** {@code http://127.0.0.1:PORT/v1beta}: requests arrive at {@code /v1beta/models/{model}:...}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + upstream.port() + "/v1beta";
    }

    public FakeUpstream upstream() {
        return upstream;
    }

    public FakeGemini enqueue(Script... scripts) {
        upstream.enqueue(scripts);
        return this;
    }

    @Override
    public void close() {
        upstream.close();
    }

    /** One candidate with one text part. */
    public static Script text(String text, String finishReason, int promptTokens, int outputTokens) {
        return Script.ok(response(List.of(Map.of("text", text)), finishReason, promptTokens, outputTokens));
    }

    /** One candidate calling one function. */
    public static Script functionCall(String name, Map<String, Object> args, int promptTokens, int outputTokens) {
        return Script.ok(response(List.of(Map.of("functionCall", Map.of("name", name, "args", args))), "STOP",
                promptTokens, outputTokens));
    }

    /** No candidates: the prompt was blocked. */
    public static Script promptBlocked(String reason) {
        return Script.ok(Map.of("promptFeedback", Map.of("blockReason", reason),
                "usageMetadata", usageMetadata(7, 0), "modelVersion", "gemini-2.0-flash"));
    }

    public static Map<String, Object> response(List<Map<String, Object>> parts, String finishReason, int promptTokens,
            int outputTokens) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("content", Map.of("role", "model", "parts", parts));
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("candidates", List.of(candidate));
        body.put("usageMetadata", usageMetadata(promptTokens, outputTokens));
        body.put("modelVersion", "gemini-2.0-flash");
        body.put("responseId", "resp-fake01");
        return body;
    }

    public static Map<String, Object> usageMetadata(int promptTokens, int outputTokens) {
        return Map.of("promptTokenCount", promptTokens, "candidatesTokenCount", outputTokens,
                "totalTokenCount", promptTokens + outputTokens);
    }

    /** A streamed answer: one event per text piece, the last with the finish reason; the body then ends. */
    public static Script streamText(List<String> pieces, String finishReason, int promptTokens, int outputTokens) {
        Script script = Script.stream();
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            script.event(response(List.of(Map.of("text", pieces.get(i))), last ? finishReason : null, promptTokens,
                    last ? outputTokens : i + 1));
        }
        return script.end();
    }

    /** An error in Google's envelope, e.g. 429 RESOURCE_EXHAUSTED. */
    public static Script error(int code, String status, String message) {
        return Script.status(code).json(Map.of("error", Map.of("code", code, "message", message, "status", status)));
    }
}
