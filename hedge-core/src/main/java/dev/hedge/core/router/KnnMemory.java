package dev.hedge.core.router;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Labelled prompt embeddings the router scores against: the similarity-weighted mean target of the
 * {@code k} most similar remembered prompts, shrunk toward the memory's prior (the mean of its targets) when
 * the neighbours are far away. Weight of a neighbour with cosine similarity {@code s}:
 * {@code exp((s − 1) / temperature)}; the prior enters as {@code priorWeight} pseudo-neighbours at similarity
 * {@code priorSimilarity}. What the targets are is the memory's {@link Target}. Immutable; {@link #with}
 * returns a copy with more points (online learning).
 */
public final class KnnMemory {

    /** What a memory's targets hold, and so what its score means. */
    public enum Target {
        /**
         * The label y in [0, 1]: 1 when the weak answer is worse than the strong one, else 0 (judge scores: the
         * scaled gap × 5, clipped to [0, 1]). The score is an estimate of P(weak worse). Routers trained before
         * router file format 3 hold this.
         */
        LABEL(0),
        /**
         * The strong tier's gain g in [−1, 1]: +1 strong right and weak wrong, −1 the reverse, 0 a tie (judge
         * scores: the scaled gap × 5, clipped to [−1, 1]). The score is an expected gain.
         */
        GAIN(-1);

        private final double lowest;

        Target(double lowest) {
            this.lowest = lowest;
        }

        /**
         * This kind of target for an outcome of gain {@code gain} in [−1, 1]: the gain itself, or for
         * {@link #LABEL} its positive part (y = max(0, g), as {@link RouterItem#target()} is of {@link RouterItem#gain()}).
         */
        public double of(double gain) {
            return Math.max(lowest, gain);
        }

        /** The lowest target (and score) of this kind: 0 or −1. */
        public double lowest() {
            return lowest;
        }
    }

    private final int dimensions;
    private final Target target;
    private final float[] vectors;
    private final float[] columns;
    private final float[] targets;
    private final int size;
    private final int k;
    private final double temperature;
    private final double priorWeight;
    private final double priorSimilarity;
    private final double prior;

    /**
     * @param vectors {@code size × dimensions} unit vectors, row after row
     * @param targets one training target per vector, in [{@link Target#lowest()}, 1]
     * @param target what the targets hold
     */
    public KnnMemory(int dimensions, float[] vectors, float[] targets, Target target, int k, double temperature,
            double priorWeight, double priorSimilarity) {
        if (dimensions <= 0) {
            throw new IllegalArgumentException("dimensions: %s (expected: > 0)".formatted(dimensions));
        }
        if (vectors.length != targets.length * dimensions) {
            throw new IllegalArgumentException("vectors: %d values (expected: %d targets × %d dimensions)"
                    .formatted(vectors.length, targets.length, dimensions));
        }
        if (k <= 0) {
            throw new IllegalArgumentException("k: %s (expected: > 0)".formatted(k));
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature: %s (expected: > 0)".formatted(temperature));
        }
        if (!(priorWeight >= 0)) {
            throw new IllegalArgumentException("priorWeight: %s (expected: >= 0)".formatted(priorWeight));
        }
        this.dimensions = dimensions;
        this.target = Objects.requireNonNull(target, "target");
        this.vectors = vectors;
        this.targets = targets;
        this.size = targets.length;
        this.columns = transpose(vectors, size, dimensions);
        this.k = k;
        this.temperature = temperature;
        this.priorWeight = priorWeight;
        this.priorSimilarity = priorSimilarity;
        double sum = 0;
        for (float value : targets) {
            sum += value;
        }
        this.prior = size == 0 ? (target.lowest() + 1) / 2 : sum / size;
    }

    /**
     * Scores {@code query} (a unit vector of {@link #dimensions()} values) in [{@link Target#lowest()}, 1]: a
     * weighted mean of targets.
     */
    public double score(float[] query) {
        int neighbours = Math.min(k, size);
        double[] topSimilarity = new double[neighbours];
        int[] topIndex = new int[neighbours];
        Arrays.fill(topSimilarity, Double.NEGATIVE_INFINITY);
        float[] similarities = similarities(query);
        for (int i = 0; i < size; i++) {
            double dot = similarities[i];
            if (dot > topSimilarity[neighbours - 1]) {
                int slot = neighbours - 1;
                while (slot > 0 && topSimilarity[slot - 1] < dot) {
                    topSimilarity[slot] = topSimilarity[slot - 1];
                    topIndex[slot] = topIndex[slot - 1];
                    slot--;
                }
                topSimilarity[slot] = dot;
                topIndex[slot] = i;
            }
        }
        double priorMass = priorWeight * Math.exp((priorSimilarity - 1) / temperature);
        double weighted = priorMass * prior;
        double mass = priorMass;
        for (int j = 0; j < neighbours; j++) {
            double weight = Math.exp((topSimilarity[j] - 1) / temperature);
            weighted += weight * targets[topIndex[j]];
            mass += weight;
        }
        return mass > 0 ? weighted / mass : prior;
    }

    /**
     * {@code query} · every remembered vector, dimension by dimension over the column-major copy: the inner
     * loop ({@code sums[i] += q × column[i]}) has no reduction, so the JIT runs it on SIMD lanes — several
     * times faster than one dot product per row, with no incubator module to enable.
     */
    float[] similarities(float[] query) {
        float[] sums = new float[size];
        for (int d = 0; d < dimensions; d++) {
            float q = query[d];
            int offset = d * size;
            for (int i = 0; i < size; i++) {
                sums[i] += q * columns[offset + i];
            }
        }
        return sums;
    }

    private static float[] transpose(float[] rows, int size, int dimensions) {
        float[] columns = new float[rows.length];
        for (int i = 0; i < size; i++) {
            for (int d = 0; d < dimensions; d++) {
                columns[d * size + i] = rows[i * dimensions + d];
            }
        }
        return columns;
    }

    /** A copy that also remembers {@code vector} with {@code value}, a target of this memory's {@link Target}. */
    public KnnMemory with(float[] vector, double value) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("vector: %d dimensions (expected: %d)".formatted(vector.length, dimensions));
        }
        if (!(value >= target.lowest() && value <= 1)) {
            throw new IllegalArgumentException("target: %s (expected: in [%s, 1] for a %s memory)"
                    .formatted(value, target.lowest(), target.name().toLowerCase(Locale.ROOT)));
        }
        float[] grownVectors = Arrays.copyOf(vectors, vectors.length + dimensions);
        System.arraycopy(vector, 0, grownVectors, vectors.length, dimensions);
        float[] grownTargets = Arrays.copyOf(targets, size + 1);
        grownTargets[size] = (float) value;
        return new KnnMemory(dimensions, grownVectors, grownTargets, target, k, temperature, priorWeight, priorSimilarity);
    }

    public int dimensions() {
        return dimensions;
    }

    /** What the targets hold. */
    public Target target() {
        return target;
    }

    public int size() {
        return size;
    }

    public int k() {
        return k;
    }

    public double temperature() {
        return temperature;
    }

    public double priorWeight() {
        return priorWeight;
    }

    public double priorSimilarity() {
        return priorSimilarity;
    }

    float[] vectors() {
        return vectors;
    }

    float[] targets() {
        return targets;
    }
}
