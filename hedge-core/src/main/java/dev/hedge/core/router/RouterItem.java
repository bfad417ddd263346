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

    /** The strong model's advantage on this item, scaled to [-1, 1]. */
    public double gain() {
        return (strongScore - weakScore) / (scaleMax - scaleMin);
    }

    /**
     * The training target in [0, 1]: 1 when the weak model's answer is worse than the strong one. For a 0/1
     * item this is "strong right, weak wrong"; for a judge score it grows with the scaled score gap
     * (a gap of a fifth of the scale or more counts fully), so near-ties weigh little either way.
     */
    public double target() {
        double gain = gain();
        if (gain <= 0) {
            return 0;
        }
        return Math.min(1, gain * 5);
    }
}
