package dev.hedge.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.MessageContent;
import dev.hedge.api.chat.ToolCall;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.usage.Usage;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.drift.DriftAction;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic Messages answers → OpenAI: the message object, stop reasons, usage (cache reads as
 * {@code cached_tokens}, cache writes as {@code cache_write_tokens}; OpenAI's {@code prompt_tokens} include
 * both, Anthropic's {@code input_tokens} neither) and error objects.
 */
final class AnthropicResponses {

    private AnthropicResponses() {}

    static ChatCompletion completion(DriftGuard guard, String model, JsonNode message, long created,
            List<Secret> secrets) {
        if (message.path("type").asText().equals("error")) {
            throw error(guard.provider(), message.path("error"), secrets);
        }
        if (!message.path("content").isArray()) {
            guard.report(model, DriftKind.MISSING_FIELD, "content", DriftAction.REJECTED, "absent");
            throw ProviderException.protocol(guard.provider(),
                    "provider '%s' sent a message without 'content'".formatted(guard.provider()), null);
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : message.path("content")) {
            String type = block.path("type").asText();
            switch (type) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(ToolCall.function(block.path("id").asText(), block.path("name").asText(),
                        block.path("input").isMissingNode() ? "{}" : block.path("input").toString()));
                case "thinking", "redacted_thinking" -> {}
                default -> guard.report(model, DriftKind.UNKNOWN_VALUE, "content[].type", DriftAction.IGNORED,
                        "'" + type + "'");
            }
        }
        String finish = finishReason(guard, model, message.path("stop_reason"));
        ChatMessage reply = new ChatMessage("assistant",
                text.isEmpty() && !calls.isEmpty() ? null : MessageContent.of(text.toString()), null,
                calls.isEmpty() ? null : List.copyOf(calls), null, null, null, Map.of());
        return new ChatCompletion(message.path("id").asText(""), ChatCompletion.OBJECT, created,
                message.path("model").asText(model),
                List.of(new ChatCompletion.Choice(0, reply, finish, null, Map.of())),
                usage(message.path("usage"), 0), null, null, Map.of());
    }

    /** OpenAI's finish reason for a stop reason; an unknown one is reported and read as {@code stop}. */
    static String finishReason(DriftGuard guard, String model, JsonNode stopReason) {
        if (stopReason.isNull() || stopReason.isMissingNode()) {
            return "stop";
        }
        String reason = stopReason.asText();
        return switch (reason) {
            case "end_turn", "stop_sequence", "pause_turn" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> {
                guard.report(model, DriftKind.UNKNOWN_VALUE, "stop_reason", DriftAction.REPAIRED,
                        "'%s' -> 'stop'".formatted(reason));
                yield "stop";
            }
        };
    }

    /**
     * OpenAI usage from Anthropic's counts.
     *
     * @param outputFallback the output count when {@code usage} has none
     */
    static @Nullable Usage usage(JsonNode usage, int outputFallback) {
        if (!usage.isObject()) {
            return null;
        }
        int input = usage.path("input_tokens").asInt(0);
        int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
        int cacheWrite = usage.path("cache_creation_input_tokens").asInt(0);
        int output = usage.has("output_tokens") ? usage.path("output_tokens").asInt(0) : outputFallback;
        return usage(input, cacheRead, cacheWrite, output);
    }

    static Usage usage(int input, int cacheRead, int cacheWrite, int output) {
        int prompt = input + cacheRead + cacheWrite;
        Usage.PromptTokensDetails details = cacheRead == 0 && cacheWrite == 0 ? null
                : new Usage.PromptTokensDetails(cacheRead, null, cacheWrite == 0 ? Map.of()
                        : Map.of("cache_write_tokens", com.fasterxml.jackson.databind.node.IntNode.valueOf(cacheWrite)));
        return new Usage(prompt, output, prompt + output, details, null, Map.of());
    }

    /** An Anthropic error object as a failure, with the HTTP status its type stands for. */
    static ProviderException error(String provider, JsonNode error, List<Secret> secrets) {
        String type = error.path("type").asText("api_error");
        int status = switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500;
        };
        String openAiType = switch (status) {
            case 400, 404, 413 -> ErrorType.INVALID_REQUEST;
            case 401 -> ErrorType.AUTHENTICATION;
            case 403 -> ErrorType.PERMISSION;
            case 429 -> ErrorType.RATE_LIMIT;
            case 529 -> ErrorType.OVERLOADED;
            default -> ErrorType.SERVER;
        };
        String message = Secret.scrub(error.path("message").asText(type), secrets);
        return ProviderException.streamError(provider, status, new ErrorBody(message, openAiType, null, type));
    }
}
