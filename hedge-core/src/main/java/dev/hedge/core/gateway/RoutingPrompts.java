package dev.hedge.core.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.completions.CompletionRequest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The text the quality router decides on, per endpoint. */
final class RoutingPrompts {

    /** For endpoints that are never prompt-routed (embeddings). */
    static final Supplier<Optional<String>> NONE = Optional::empty;

    private RoutingPrompts() {}

    /** A chat's last user message (the question being asked now); empty without one. */
    static Optional<String> chat(ChatCompletionRequest request) {
        List<ChatMessage> messages = request.messages();
        if (messages == null) {
            return Optional.empty();
        }
        for (int i = messages.size() - 1; i >= 0; i--) {
            ChatMessage message = messages.get(i);
            if ("user".equals(message.role())) {
                return Optional.of(message.text());
            }
        }
        return Optional.empty();
    }

    /** A completion's prompt (the first one of a list). */
    static Optional<String> completion(CompletionRequest request) {
        JsonNode prompt = request.prompt();
        if (prompt == null) {
            return Optional.empty();
        }
        if (prompt.isTextual()) {
            return Optional.of(prompt.asText());
        }
        if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isTextual()) {
            return Optional.of(prompt.get(0).asText());
        }
        return Optional.empty();
    }
}
