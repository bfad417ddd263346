package dev.hedge.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake Azure OpenAI resource (and Azure AI Foundry endpoint): a {@link FakeUpstream} plus OpenAI-shaped
 * answers with Azure's additions ({@code prompt_filter_results}, per-choice {@code content_filter_results},
 * the content-filter stream chunk with empty choices, the content-filter error), after Azure's REST spec
 * (api-version 2024-10-21).
 */
public final class FakeAzure implements AutoCloseable {

    private final FakeUpstream upstream;

    private FakeAzure(FakeUpstream upstream) {
        this.upstream = upstream;
    }

    public static FakeAzure start() {
        return new FakeAzure(FakeUpstream.start());
    }

    /** The resource's endpoint, {@code http://127.0.0.1:PORT}: requests go to {@code /openai/deployments/...}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + upstream.port();
    }

    /** An Azure AI Foundry model-inference endpoint on the same server: {@code http://127.0.0.1:PORT/models}. */
    public String foundryUrl() {
        return baseUrl() + "/models";
    }

    public FakeUpstream upstream() {
        return upstream;
    }

    public FakeAzure enqueue(Script... scripts) {
        upstream.enqueue(scripts);
        return this;
    }

    @Override
    public void close() {
        upstream.close();
    }

    private static Map<String, Object> filterResults() {
        Map<String, Object> safe = Map.of("filtered", false, "severity", "safe");
        return Map.of("hate", safe, "self_harm", safe, "sexual", safe, "violence", safe);
    }

    /** A chat completion with Azure's prompt and content filter results. */
    public static Script completion(String model, String content, int promptTokens, int completionTokens) {
        Map<String, Object> body = new LinkedHashMap<>(OpenAiFixtures.completion(model, content, promptTokens,
                completionTokens));
        body.put("prompt_filter_results", List.of(Map.of("prompt_index", 0, "content_filter_results", filterResults())));
        @SuppressWarnings("unchecked")
        Map<String, Object> choice = new LinkedHashMap<>(((List<Map<String, Object>>) body.get("choices")).getFirst());
        choice.put("content_filter_results", filterResults());
        body.put("choices", List.of(choice));
        return Script.ok(body);
    }

    /** Azure's first stream chunk: empty id, model and choices, only the prompt filter results. */
    public static Map<String, Object> promptFilterChunk() {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("choices", List.of());
        chunk.put("created", 0);
        chunk.put("id", "");
        chunk.put("model", "");
        chunk.put("object", "");
        chunk.put("prompt_filter_results", List.of(Map.of("prompt_index", 0, "content_filter_results",
                filterResults())));
        return chunk;
    }

    /** A 400 because the prompt tripped Azure's content filter. */
    public static Script contentFilterError() {
        return Script.status(400).json(Map.of("error", Map.of("code", "content_filter", "status", 400,
                "message", "The response was filtered due to the prompt triggering Azure OpenAI's content management "
                        + "policy.", "param", "prompt")));
    }
}
