package dev.hedge.api.chat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/chat/completions} request body ({@code CreateChatCompletionRequest}).
 *
 * <p>Fields the gateway or a dialect translator needs are typed; every other field (new OpenAI parameters,
 * vendor parameters) is kept in {@link #extra()} and forwarded to OpenAI-compatible suppliers unchanged.
 * Presence is validated by the gateway, not here: a parsed request may lack {@code model} or
 * {@code messages}.
 *
 * @param stop a string or an array of up to four strings
 * @param toolChoice {@code "none"}, {@code "auto"}, {@code "required"} or a named tool object
 */
public record ChatCompletionRequest(
        @Nullable String model,
        @Nullable List<ChatMessage> messages,
        @Nullable Boolean stream,
        @JsonProperty("stream_options") @Nullable StreamOptions streamOptions,
        @JsonProperty("max_tokens") @Nullable Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Nullable Integer maxCompletionTokens,
        @Nullable Integer n,
        @Nullable Double temperature,
        @JsonProperty("top_p") @Nullable Double topP,
        @Nullable JsonNode stop,
        @Nullable List<Tool> tools,
        @JsonProperty("tool_choice") @Nullable JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") @Nullable Boolean parallelToolCalls,
        @JsonProperty("response_format") @Nullable ResponseFormat responseFormat,
        @Nullable String user,
        @Nullable Long seed,
        @Nullable Boolean logprobs,
        @JsonProperty("top_logprobs") @Nullable Integer topLogprobs,
        @JsonProperty("presence_penalty") @Nullable Double presencePenalty,
        @JsonProperty("frequency_penalty") @Nullable Double frequencyPenalty,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public ChatCompletionRequest {
        extra = extra == null ? Map.of() : extra;
    }

    /** A minimal request: a model and its messages. */
    public static ChatCompletionRequest of(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, Map.of());
    }

    /** Whether the client asked for a streamed response. */
    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** The output limit the client set ({@code max_completion_tokens}, else {@code max_tokens}), if any. */
    public @Nullable Integer outputLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** The same request for another model name (what a supplier is sent). */
    public ChatCompletionRequest withModel(String upstreamModel) {
        return new ChatCompletionRequest(upstreamModel, messages, stream, streamOptions, maxTokens,
                maxCompletionTokens, n, temperature, topP, stop, tools, toolChoice, parallelToolCalls,
                responseFormat, user, seed, logprobs, topLogprobs, presencePenalty, frequencyPenalty, extra);
    }

    /** The same request with other stream options. */
    public ChatCompletionRequest withStreamOptions(@Nullable StreamOptions options) {
        return new ChatCompletionRequest(model, messages, stream, options, maxTokens, maxCompletionTokens, n,
                temperature, topP, stop, tools, toolChoice, parallelToolCalls, responseFormat, user, seed,
                logprobs, topLogprobs, presencePenalty, frequencyPenalty, extra);
    }

    /** The same request answered in one piece: no {@code stream}, no {@code stream_options}. */
    public ChatCompletionRequest unary() {
        return new ChatCompletionRequest(model, messages, null, null, maxTokens, maxCompletionTokens, n,
                temperature, topP, stop, tools, toolChoice, parallelToolCalls, responseFormat, user, seed,
                logprobs, topLogprobs, presencePenalty, frequencyPenalty, extra);
    }

    /** The same request with other messages. */
    public ChatCompletionRequest withMessages(List<ChatMessage> newMessages) {
        return new ChatCompletionRequest(model, newMessages, stream, streamOptions, maxTokens,
                maxCompletionTokens, n, temperature, topP, stop, tools, toolChoice, parallelToolCalls,
                responseFormat, user, seed, logprobs, topLogprobs, presencePenalty, frequencyPenalty, extra);
    }
}
