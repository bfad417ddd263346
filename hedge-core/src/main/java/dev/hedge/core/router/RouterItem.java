package dev.hedge.core.router;

import java.util.Objects;

/**
 * One labelled routing item: a prompt and the quality the strong and the weak model reached on it.
 *
 * @param id unique item id
 * @param source where the item comes from ({@code mmlu}, {@code gsm8k}, {@code arena_bench_v1}, {@code feedback}…)
 * @param prompt the routing input
 * @param strongScore the strong model's quality on this item
 * @param weakScore the weak model's quality on this item
 * @param scaleMin lowest possible score (0 for correctness, 1 for a 1–10 judge)
 * @param scaleMax highest possible score
 */
public record RouterItem(
        String id, String source, String prompt, double strongScore, double weakScore, double scaleMin, double scaleMax) {

    public RouterItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(prompt, "prompt");
        if (!(scaleMax > scaleMin)) {
            throw new IllegalArgumentException("scale: [%s, %s] (expected: min < max)".formatted(scaleMin, scaleMax));
        }
    }

    /**
     * The strong model's gain g in [−1, 1], the kNN memory's training target ({@link KnnMemory.Target#GAIN}):
     * for a 0/1 item +1 "strong right, weak wrong", −1 "weak right, strong wrong", 0 otherwise; for a judge
     * score the scaled score gap {@code (strong − weak) / (max − min)} × 5, clipped to [−1, 1] (a gap of a fifth
     * of the scale or more counts fully, so near-ties weigh little either way).
     */
    public double gain() {
        return Math.clamp((strongScore - weakScore) / (scaleMax - scaleMin) * 5, -1.0, 1.0);
    }

    /**
     * The label y in [0, 1], the feature head's training target: the positive part of {@link #gain()}, i.e. 1
     * when the weak model's answer is worse than the strong one (for a 0/1 item "strong right, weak wrong";
     * for a judge score growing with the gap), 0 for ties and weak wins.
     */
    public double target() {
        return Math.max(0, gain());
    }
}
