package dev.hedge.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI-shaped answers for scripts, as maps written exactly as OpenAI writes them. */
public final class OpenAiFixtures {

    private OpenAiFixtures() {}

    /** A chat completion with one assistant message and usage. */
    public static Map<String, Object> completion(String model, String content, int promptTokens, int completionTokens) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", null);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", "stop");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion");
        body.put("created", 1_700_000_000);
        body.put("model", model);
        body.put("choices", List.of(choice));
        body.put("usage", usage(promptTokens, completionTokens));
        body.put("system_fingerprint", "fp_fake");
        return body;
    }

    public static Map<String, Object> usage(int promptTokens, int completionTokens) {
        return Map.of("prompt_tokens", promptTokens, "completion_tokens", completionTokens,
                "total_tokens", promptTokens + completionTokens);
    }

    /** The first chunk of a stream: the role, empty content. */
    public static Map<String, Object> roleChunk(String model) {
        return chunk(model, Map.of("role", "assistant", "content", ""), null);
    }

    /** A content chunk. */
    public static Map<String, Object> contentChunk(String model, String content) {
        return chunk(model, Map.of("content", content), null);
    }

    /** The last content chunk: empty delta, a finish reason. */
    public static Map<String, Object> finishChunk(String model, String reason) {
        return chunk(model, Map.of(), reason);
    }

    /** The usage-only chunk sent when {@code stream_options.include_usage} is set. */
    public static Map<String, Object> usageChunk(String model, int promptTokens, int completionTokens) {
        Map<String, Object> body = base(model);
        body.put("choices", List.of());
        body.put("usage", usage(promptTokens, completionTokens));
        return body;
    }

    /** A streamed tool call: the first piece carries id and name, the others argument fragments. */
    public static Map<String, Object> toolCallChunk(String model, int index, String id, String name, String arguments) {
        Map<String, Object> function = new LinkedHashMap<>();
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments);
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("index", index);
        if (id != null) {
            call.put("id", id);
            call.put("type", "function");
        }
        call.put("function", function);
        return chunk(model, Map.of("tool_calls", List.of(call)), null);
    }

    private static Map<String, Object> chunk(String model, Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        Map<String, Object> body = base(model);
        body.put("choices", List.of(choice));
        return body;
    }

    private static Map<String, Object> base(String model) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion.chunk");
        body.put("created", 1_700_000_000);
        body.put("model", model);
        body.put("system_fingerprint", "fp_fake");
        return body;
    }

    /**
     * One answer of {@code content}, as a streamed chat (role, content, finish and usage chunks, then
     * {@code [DONE]}) when {@code stream}, else as one {@code chat.completion}.
     */
    public static Script answer(boolean stream, String model, String content, int promptTokens, int completionTokens) {
        return stream
                ? Script.stream()
                        .event(roleChunk(model))
                        .event(contentChunk(model, content))
                        .event(finishChunk(model, "stop"))
                        .event(usageChunk(model, promptTokens, completionTokens))
                        .done()
                : Script.ok(completion(model, content, promptTokens, completionTokens));
    }
}
