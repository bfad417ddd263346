package dev.hedge.core.embed;

import java.util.List;

/**
 * Turns texts into vectors. Implementations are thread-safe; a call blocks while the model runs, so call
 * it off event loops.
 */
public interface TextEmbedder extends AutoCloseable {

    /** The model's name, e.g. {@code all-minilm-l6-v2}. */
    String name();

    /** Length of every vector. */
    int dimensions();

    /** Tokens per text the model reads; longer texts are truncated to this. */
    int maxTokens();

    /** Embeds {@code texts} in order. */
    EmbeddingBatch embed(List<String> texts);

    @Override
    default void close() {}

    /**
     * Vectors in input order, and the tokens the model read for them all.
     *
     * @param vectors unit-length (L2-normalised) vectors
     */
    record EmbeddingBatch(List<float[]> vectors, int promptTokens) {}
}
