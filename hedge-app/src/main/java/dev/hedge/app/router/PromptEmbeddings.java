package dev.hedge.app.router;

import dev.hedge.core.embed.TextEmbedder;
import dev.hedge.core.router.EmbeddingCache;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Embeds prompts through a cache, printing progress to {@code progress} about every two seconds on long
 * runs (cached prompts cost nothing).
 */
public final class PromptEmbeddings {

    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final TextEmbedder embedder;
    private final EmbeddingCache cache;
    private final PrintWriter progress;

    public PromptEmbeddings(TextEmbedder embedder, EmbeddingCache cache, PrintWriter progress) {
        this.embedder = embedder;
        this.cache = cache;
        this.progress = progress;
    }

    /** The vectors of {@code prompts}, in order. */
    public List<float[]> embed(List<String> prompts) {
        List<float[]> vectors = new ArrayList<>(prompts.size());
        long started = System.nanoTime();
        long lastReport = started;
        int computed = 0;
        for (int i = 0; i < prompts.size(); i++) {
            String prompt = prompts.get(i);
            Optional<float[]> cached = cache.get(prompt);
            float[] vector;
            if (cached.isPresent()) {
                vector = cached.get();
            } else {
                vector = embedder.embed(List.of(prompt)).vectors().getFirst();
                cache.put(prompt, vector);
                computed++;
            }
            vectors.add(vector);
            long now = System.nanoTime();
            if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                lastReport = now;
                cache.flush();
                progress.printf("embedding: %d/%d prompts (%d computed, %.0f s)%n", i + 1, prompts.size(), computed,
                        (now - started) / 1e9);
            }
        }
        cache.flush();
        progress.printf("embedding: %d prompts done (%d computed, %d from the cache, %.1f s)%n", prompts.size(),
                computed, prompts.size() - computed, (System.nanoTime() - started) / 1e9);
        return vectors;
    }
}
