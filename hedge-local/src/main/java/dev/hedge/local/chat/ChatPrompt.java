package dev.hedge.local.chat;

import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.chat.ContentPart;
import dev.hedge.api.chat.MessageContent;
import java.util.List;

/**
 * Turns a conversation into one prompt for a GGUF model, with a fixed, model-neutral template — llama.cpp's
 * Jinja chat templates are never used, because an unsupported template aborts the JVM:
 *
 * <pre>
 * System: {system and developer text}
 * User: {text}
 * Assistant: {text}
 * ...
 * Assistant:
 * </pre>
 *
 * Tool calls and results are written as text; image and audio parts are refused (these models read text).
 */
public final class ChatPrompt {

    /** Where the model has finished its turn and starts writing someone else's: generation stops there. */
    public static final List<String> TURN_ENDS = List.of("\nUser:", "\nSystem:");

    private ChatPrompt() {}

    /** @throws IllegalArgumentException naming the part a text model cannot read */
    public static String of(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            String speaker = switch (message.role()) {
                case "system", "developer" -> "System";
                case "assistant" -> "Assistant";
                case "tool", "function" -> "Tool";
                default -> "User";
            };
            prompt.append(speaker).append(": ").append(text(message.content(), i));
            if (message.toolCalls() != null) {
                message.toolCalls().forEach(call -> prompt.append(" [calls ").append(call.function().name())
                        .append(call.function().arguments()).append(']'));
            }
            prompt.append('\n');
        }
        return prompt.append("Assistant:").toString();
    }

    private static String text(MessageContent content, int index) {
        return switch (content) {
            case null -> "";
            case MessageContent.Text text -> text.text();
            case MessageContent.Parts parts -> {
                for (ContentPart part : parts.parts()) {
                    if (part.text() == null) {
                        throw new IllegalArgumentException("messages[%d]: local models read text only, not '%s' parts"
                                .formatted(index, part.type()));
                    }
                }
                yield content.joinedText();
            }
        };
    }
}
