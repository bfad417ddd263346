package dev.hedge.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.http.SseDecoder;
import dev.hedge.providers.http.UpstreamJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} → OpenAI chunks. Every event is a whole
 * {@code GenerateContentResponse} holding the next piece of each candidate: text becomes content, each
 * function call (Gemini sends it whole) one tool-call delta with the next index of its choice, a finish
 * reason the choice's finish chunk. The stream has no end marker: it is complete when the body ends after
 * every candidate seen has finished; then the last usage metadata becomes the usage chunk.
 */
final class GeminiStreamDecoder implements SseDecoder<ChatCompletionChunk> {

    private final DriftGuard guard;
    private final String requestedModel;
    private final long created;
    private final List<Secret> secrets;
    private final Map<Integer, Integer> toolCallsByChoice = new HashMap<>();
    private final Set<Integer> open = new HashSet<>();
    private final Set<Integer> finished = new HashSet<>();
    private final Set<Integer> announced = new HashSet<>();
    private String id;
    private String model;
    private @Nullable Usage usage;
    private int calls;

    GeminiStreamDecoder(DriftGuard guard, String requestedModel, long created, List<Secret> secrets) {
        this.guard = guard;
        this.requestedModel = requestedModel;
        this.model = requestedModel;
        this.created = created;
        this.secrets = secrets;
        this.id = "gemini-" + created;
    }

    @Override
    public void onEvent(@Nullable String event, byte[] data, Output<ChatCompletionChunk> out) {
        JsonNode answer = UpstreamJson.tree(guard.provider(), data);
        GeminiResponses.failOnError(guard.provider(), answer, secrets);
        if (answer.has("responseId")) {
            id = answer.path("responseId").asText(id);
        }
        model = answer.path("modelVersion").asText(model);
        Usage reported = GeminiResponses.usage(answer.path("usageMetadata"));
        if (reported != null) {
            usage = reported;
        }
        for (GeminiResponses.Candidate candidate : GeminiResponses.candidates(guard, requestedModel, answer,
                n -> "call_" + id + "_" + (calls++))) {
            int index = candidate.index();
            if (finished.contains(index)) {
                continue;
            }
            open.add(index);
            if (announced.add(index)) {
                out.next(chunk(index, new ChatCompletionChunk.Delta("assistant", "", null, null, null, Map.of()), null));
            }
            if (!candidate.text().isEmpty()) {
                out.next(chunk(index, ChatCompletionChunk.Delta.content(candidate.text()), null));
            }
            if (!candidate.calls().isEmpty()) {
                List<ChatCompletionChunk.ToolCallDelta> deltas = new ArrayList<>();
                for (ToolCall call : candidate.calls()) {
                    int next = toolCallsByChoice.merge(index, 1, Integer::sum) - 1;
                    deltas.add(new ChatCompletionChunk.ToolCallDelta(next, call.id(), "function",
                            new ChatCompletionChunk.ToolCallDelta.FunctionDelta(call.function().name(),
                                    call.function().arguments()), Map.of()));
                }
                out.next(chunk(index, ChatCompletionChunk.Delta.toolCalls(deltas), null));
            }
            if (candidate.finishReason() != null) {
                String reason = candidate.finishReason().equals("stop") && toolCallsByChoice.containsKey(index)
                        ? "tool_calls" : candidate.finishReason();
                finished.add(index);
                out.next(chunk(index, new ChatCompletionChunk.Delta(null, null, null, null, null, Map.of()), reason));
            }
        }
    }

    @Override
    public @Nullable ProviderException onEnd(Output<ChatCompletionChunk> out) {
        ProviderException truncated = onTruncated();
        if (truncated != null) {
            return truncated;
        }
        if (usage != null) {
            out.next(ChatCompletionChunk.usageOnly(id, created, model, usage));
        }
        return null;
    }

    @Override
    public @Nullable ProviderException onTruncated() {
        return open.isEmpty() || !finished.containsAll(open)
                ? ProviderException.protocol(guard.provider(), "the stream ended before every candidate finished", null)
                : null;
    }

    private ChatCompletionChunk chunk(int index, ChatCompletionChunk.Delta delta, @Nullable String finishReason) {
        return ChatCompletionChunk.of(id, created, model,
                List.of(new ChatCompletionChunk.Choice(index, delta, finishReason, null, Map.of())));
    }
}
