package dev.hedge.local;

import dev.hedge.api.chat.ChatCompletion;
import dev.hedge.api.chat.ChatCompletionChunk;
import dev.hedge.api.chat.ChatMessage;
import dev.hedge.api.completions.Completion;
import dev.hedge.api.usage.Usage;
import dev.hedge.local.chat.GgufModels;
import java.util.List;
import java.util.Map;

/** Local generations in OpenAI's shapes. */
final class LocalShapes {

    private LocalShapes() {}

    /** How a stream of one generation is written: a start, a piece, the end with usage. */
    interface ChunkShapes<T> {
        /** Chunks sent before the first piece (the role announcement), possibly none. */
        List<T> start();

        T piece(String text);

        /** The finishing chunk, then the usage-only chunk. */
        List<T> end(GgufModels.Outcome outcome);
    }

    static ChatCompletion chatCompletion(String id, String model, String text, GgufModels.Outcome outcome) {
        ChatCompletion.Choice choice = new ChatCompletion.Choice(0, ChatMessage.assistant(text), outcome.finishReason(),
                null, Map.of());
        return new ChatCompletion(id, ChatCompletion.OBJECT, System.currentTimeMillis() / 1000, model, List.of(choice),
                usage(outcome), null, null, Map.of());
    }

    static Completion textCompletion(String id, String model, String text, GgufModels.Outcome outcome) {
        return new Completion(id, Completion.OBJECT, System.currentTimeMillis() / 1000, model,
                List.of(new Completion.Choice(text, 0, null, outcome.finishReason(), Map.of())), usage(outcome), null,
                Map.of());
    }

    static ChunkShapes<ChatCompletionChunk> chatChunks(Generation run) {
        return new ChunkShapes<>() {
            @Override
            public List<ChatCompletionChunk> start() {
                return List.of(chunk(ChatCompletionChunk.Delta.role("assistant"), null));
            }

            @Override
            public ChatCompletionChunk piece(String text) {
                return chunk(ChatCompletionChunk.Delta.content(text), null);
            }

            @Override
            public List<ChatCompletionChunk> end(GgufModels.Outcome outcome) {
                return List.of(chunk(new ChatCompletionChunk.Delta(null, null, null, null, null, Map.of()),
                                outcome.finishReason()),
                        ChatCompletionChunk.usageOnly(run.id(), run.created(), run.model(), usage(outcome)));
            }

            private ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
                return ChatCompletionChunk.of(run.id(), run.created(), run.model(),
                        List.of(new ChatCompletionChunk.Choice(0, delta, finishReason, null, Map.of())));
            }
        };
    }

    static ChunkShapes<Completion> textChunks(Generation run) {
        return new ChunkShapes<>() {
            @Override
            public List<Completion> start() {
                return List.of();
            }

            @Override
            public Completion piece(String text) {
                return chunk(text, null, null);
            }

            @Override
            public List<Completion> end(GgufModels.Outcome outcome) {
                return List.of(chunk("", outcome.finishReason(), null),
                        new Completion(run.id(), Completion.OBJECT, run.created(), run.model(), List.of(), usage(outcome),
                                null, Map.of()));
            }

            private Completion chunk(String text, String finishReason, Usage usage) {
                return new Completion(run.id(), Completion.OBJECT, run.created(), run.model(),
                        List.of(new Completion.Choice(text, 0, null, finishReason, Map.of())), usage, null, Map.of());
            }
        };
    }

    private static Usage usage(GgufModels.Outcome outcome) {
        return Usage.of(outcome.promptTokens(), outcome.completionTokens());
    }
}
