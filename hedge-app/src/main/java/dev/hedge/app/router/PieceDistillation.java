package dev.hedge.app.router;

import dev.hedge.core.embed.PieceTable;
import dev.hedge.core.embed.PieceTables;
import dev.hedge.core.router.EmbeddingCache;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Distils MiniLM into a static table: every word piece of its vocabulary is run through the model on its own
 * ({@code [CLS] piece [SEP]}, mean-pooled), the vectors are cached (so an interrupted run resumes and later
 * trainings are instant), then reduced by PCA and weighted by a Zipf-law SIF weight from the vocabulary order
 * (BERT's word ids run roughly from frequent to rare), and quantised to int8.
 */
public final class PieceDistillation {

    /** Cache key namespace of the per-piece vectors. */
    static final String CACHE_NAME = MiniLmEmbedder.NAME + "/pieces";

    /** SIF constant: a piece with Zipf probability {@code p} weighs {@code a / (a + p)}. */
    public static final double SIF = 1e-3;

    /** First id of BERT's uncased vocabulary that is not a special or unused token. */
    private static final int FIRST_REAL_PIECE = 999;

    private static final int BATCH = 512;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private PieceDistillation() {}

    /**
     * The MiniLM vectors of the first {@code pieces} ids (at most the whole vocabulary), computed on
     * {@code threads} threads where not cached in {@code cacheFile}; progress goes to {@code progress}.
     *
     * @return {@code pieces × 384} floats, row after row
     */
    public static float[] pieceVectors(Path cacheFile, int pieces, int threads, PrintWriter progress) {
        try (MiniLmEmbedder model = MiniLmEmbedder.load(1);
                EmbeddingCache cache = EmbeddingCache.open(cacheFile, CACHE_NAME, model.dimensions())) {
            int count = Math.min(pieces, model.vocabularySize());
            int dimensions = model.dimensions();
            float[] rows = new float[count * dimensions];
            List<Integer> missing = new ArrayList<>();
            for (int id = 0; id < count; id++) {
                Optional<float[]> cached = cache.get(key(id));
                if (cached.isPresent()) {
                    System.arraycopy(cached.get(), 0, rows, id * dimensions, dimensions);
                } else {
                    missing.add(id);
                }
            }
            if (missing.isEmpty()) {
                return rows;
            }
            progress.printf("distilling MiniLM: %d of %d word pieces to run (cached in %s)%n", missing.size(), count, cacheFile);
            ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("hedge-distil-", 0).factory());
            long started = System.nanoTime();
            long lastReport = started;
            try {
                for (int from = 0; from < missing.size(); from += BATCH) {
                    List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + BATCH));
                    List<Future<float[]>> vectors = new ArrayList<>(batch.size());
                    for (int id : batch) {
                        vectors.add(pool.submit(() -> model.embedPiece(id)));
                    }
                    for (int j = 0; j < batch.size(); j++) {
                        float[] vector = vectors.get(j).get();
                        cache.put(key(batch.get(j)), vector);
                        System.arraycopy(vector, 0, rows, batch.get(j) * dimensions, dimensions);
                    }
                    long now = System.nanoTime();
                    if (now - lastReport >= PROGRESS_EVERY_NANOS) {
                        lastReport = now;
                        cache.flush();
                        progress.printf("distilling MiniLM: %d/%d word pieces (%.0f s)%n", from + batch.size(), missing.size(),
                                (now - started) / 1e9);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("distillation interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("distillation failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            progress.printf("distilling MiniLM: %d word pieces done (%.1f s)%n", missing.size(), (System.nanoTime() - started) / 1e9);
            return rows;
        }
    }

    /**
     * The table: the piece vectors reduced to {@code dimensions} principal components, each row weighted
     * by {@link #zipfWeights}.
     */
    public static PieceTable table(float[] pieceVectors, int rawDimensions, int dimensions) {
        return table(pieceVectors, rawDimensions, dimensions, SIF);
    }

    /** {@link #table(float[], int, int)} with SIF constant {@code sif} (0: every piece weighs the same). */
    public static PieceTable table(float[] pieceVectors, int rawDimensions, int dimensions, double sif) {
        int pieces = pieceVectors.length / rawDimensions;
        double[] weights = new double[pieces];
        if (sif > 0) {
            weights = zipfWeights(pieces, sif);
        } else {
            java.util.Arrays.fill(weights, 1);
        }
        return PieceTables.distil("minilm-static-" + dimensions, pieceVectors, rawDimensions, weights, dimensions);
    }

    /**
     * SIF weights from a Zipf law over BERT's vocabulary order: word ids run from frequent to rare after the
     * specials, so the piece of rank {@code r} (specials and single characters first) gets probability
     * {@code ∝ 1/r}.
     */
    static double[] zipfWeights(int pieces, double sif) {
        double[] probabilities = new double[pieces];
        double harmonic = 0;
        for (int id = 0; id < pieces; id++) {
            harmonic += 1.0 / rank(id);
        }
        for (int id = 0; id < pieces; id++) {
            probabilities[id] = 1.0 / (rank(id) * harmonic);
        }
        return PieceTables.sifWeights(probabilities, sif);
    }

    private static int rank(int id) {
        return Math.max(1, id - FIRST_REAL_PIECE + 1);
    }

    private static String key(int id) {
        return "piece " + id;
    }
}
