package dev.hedge.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.drift.DriftAction;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import dev.hedge.providers.http.SseDecoder;
import dev.hedge.providers.http.UpstreamJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's message event stream → OpenAI chunks. {@code message_start} gives the role chunk; text deltas
 * become content; a {@code tool_use} block becomes a tool call whose OpenAI index counts tool calls only
 * (Anthropic's block index counts text blocks too), its {@code input_json_delta}s become argument fragments;
 * {@code message_delta} gives the finish chunk, {@code message_stop} the usage chunk and the end. An
 * {@code error} event fails the stream with the status its type stands for ({@code overloaded_error} → 529).
 * Unknown events and blocks are reported as drift and skipped.
 */
final class AnthropicStreamDecoder implements SseDecoder<ChatCompletionChunk> {

    private final DriftGuard guard;
    private final String requestedModel;
    private final List<Secret> secrets;
    private final long created;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String id = "";
    private String model;
    private int inputTokens;
    private int cacheRead;
    private int cacheWrite;
    private int outputTokens;
    private boolean started;
    private boolean finished;

    AnthropicStreamDecoder(DriftGuard guard, String requestedModel, long created, List<Secret> secrets) {
        this.guard = guard;
        this.requestedModel = requestedModel;
        this.model = requestedModel;
        this.created = created;
        this.secrets = secrets;
    }

    @Override
    public void onEvent(@Nullable String event, byte[] data, Output<ChatCompletionChunk> out) {
        JsonNode node = UpstreamJson.tree(guard.provider(), data);
        String type = event != null ? event : node.path("type").asText();
        switch (type) {
            case "message_start" -> start(node.path("message"), out);
            case "content_block_start" -> blockStart(node.path("index").asInt(), node.path("content_block"), out);
            case "content_block_delta" -> blockDelta(node.path("index").asInt(), node.path("delta"), out);
            case "content_block_stop", "ping" -> {}
            case "message_delta" -> messageDelta(node, out);
            case "message_stop" -> {
                requireStarted();
                if (!finished) {
                    finish("stop", out);
                }
                out.next(usageChunk());
                out.complete();
            }
            case "error" -> throw AnthropicResponses.error(guard.provider(), node.path("error"), secrets);
            default -> guard.report(requestedModel, DriftKind.UNKNOWN_VALUE, "event", DriftAction.IGNORED,
                    "'" + type + "'");
        }
    }

    /** A body that ends after the stop reason without {@code message_stop} (or its blank line) still counts. */
    @Override
    public @Nullable ProviderException onEnd(Output<ChatCompletionChunk> out) {
        ProviderException truncated = onTruncated();
        if (truncated == null) {
            out.next(usageChunk());
        }
        return truncated;
    }

    @Override
    public @Nullable ProviderException onTruncated() {
        return finished ? null
                : ProviderException.protocol(guard.provider(), "the stream ended before message_stop", null);
    }

    private void start(JsonNode message, Output<ChatCompletionChunk> out) {
        id = message.path("id").asText("");
        model = message.path("model").asText(requestedModel);
        countUsage(message.path("usage"));
        started = true;
        out.next(chunk(new ChatCompletionChunk.Delta("assistant", "", null, null, null, Map.of()), null));
    }

    private void blockStart(int index, JsonNode block, Output<ChatCompletionChunk> out) {
        requireStarted();
        String type = block.path("type").asText();
        switch (type) {
            case "text" -> {
                String text = block.path("text").asText("");
                if (!text.isEmpty()) {
                    out.next(chunk(ChatCompletionChunk.Delta.content(text), null));
                }
            }
            case "tool_use" -> {
                int toolIndex = toolIndexByBlock.size();
                toolIndexByBlock.put(index, toolIndex);
                out.next(chunk(ChatCompletionChunk.Delta.toolCalls(List.of(new ChatCompletionChunk.ToolCallDelta(
                        toolIndex, block.path("id").asText(), "function",
                        new ChatCompletionChunk.ToolCallDelta.FunctionDelta(block.path("name").asText(), ""),
                        Map.of()))), null));
            }
            case "thinking", "redacted_thinking" -> {}
            default -> guard.report(requestedModel, DriftKind.UNKNOWN_VALUE, "content_block.type", DriftAction.IGNORED,
                    "'" + type + "'");
        }
    }

    private void blockDelta(int index, JsonNode delta, Output<ChatCompletionChunk> out) {
        requireStarted();
        String type = delta.path("type").asText();
        switch (type) {
            case "text_delta" -> {
                String text = delta.path("text").asText("");
                if (!text.isEmpty()) {
                    out.next(chunk(ChatCompletionChunk.Delta.content(text), null));
                }
            }
            case "input_json_delta" -> {
                String fragment = delta.path("partial_json").asText("");
                Integer toolIndex = toolIndexByBlock.get(index);
                if (toolIndex == null) {
                    throw ProviderException.protocol(guard.provider(),
                            "input_json_delta for block %d, which is not a tool_use block".formatted(index), null);
                }
                if (!fragment.isEmpty()) {
                    out.next(chunk(ChatCompletionChunk.Delta.toolCalls(List.of(new ChatCompletionChunk.ToolCallDelta(
                            toolIndex, null, null, new ChatCompletionChunk.ToolCallDelta.FunctionDelta(null, fragment),
                            Map.of()))), null));
                }
            }
            case "thinking_delta", "signature_delta", "citations_delta" -> {}
            default -> guard.report(requestedModel, DriftKind.UNKNOWN_VALUE, "delta.type", DriftAction.IGNORED,
                    "'" + type + "'");
        }
    }

    private void messageDelta(JsonNode node, Output<ChatCompletionChunk> out) {
        requireStarted();
        countUsage(node.path("usage"));
        JsonNode stopReason = node.path("delta").path("stop_reason");
        if (!stopReason.isMissingNode() && !stopReason.isNull() && !finished) {
            finish(AnthropicResponses.finishReason(guard, requestedModel, stopReason), out);
        }
    }

    private void finish(String reason, Output<ChatCompletionChunk> out) {
        finished = true;
        out.next(chunk(new ChatCompletionChunk.Delta(null, null, null, null, null, Map.of()), reason));
    }

    /** Usage counts are cumulative: a later event's count replaces an earlier one. */
    private void countUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = usage.path("input_tokens").asInt(inputTokens);
        cacheRead = usage.path("cache_read_input_tokens").asInt(cacheRead);
        cacheWrite = usage.path("cache_creation_input_tokens").asInt(cacheWrite);
        outputTokens = usage.path("output_tokens").asInt(outputTokens);
    }

    private ChatCompletionChunk usageChunk() {
        return ChatCompletionChunk.usageOnly(id, created, model,
                AnthropicResponses.usage(inputTokens, cacheRead, cacheWrite, outputTokens));
    }

    private void requireStarted() {
        if (!started) {
            throw ProviderException.protocol(guard.provider(), "the stream did not begin with message_start", null);
        }
    }

    private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, @Nullable String finishReason) {
        return ChatCompletionChunk.of(id, created, model,
                List.of(new ChatCompletionChunk.Choice(0, delta, finishReason, null, Map.of())));
    }
}
