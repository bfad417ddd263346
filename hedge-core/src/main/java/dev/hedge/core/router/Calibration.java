package dev.hedge.core.router;

import java.util.Arrays;

/**
 * Held-out router scores with each item's strong and weak quality (scaled to [0, 1]), kept with the router
 * to turn a quality floor into a score threshold. Immutable.
 */
public final class Calibration {

    /** No router scores below this (a gain memory's targets are ≥ −1, a label memory's ≥ 0): every prompt goes strong. */
    static final double LOWEST_SCORE = -1;

    private final double[] scores;
    private final double[] strong;
    private final double[] weak;

    /** @throws IllegalArgumentException if the arrays differ in length or are empty */
    public Calibration(double[] scores, double[] strong, double[] weak) {
        if (scores.length == 0 || strong.length != scores.length || weak.length != scores.length) {
            throw new IllegalArgumentException("calibration: %d scores, %d strong, %d weak (expected: equal and > 0)"
                    .formatted(scores.length, strong.length, weak.length));
        }
        this.scores = scores;
        this.strong = strong;
        this.weak = weak;
    }

    /**
     * A threshold and what it buys on the calibration items.
     *
     * @param threshold send to the strong tier iff score ≥ threshold
     * @param strongFraction fraction of calibration items that go strong
     * @param qualityRatio mean quality reached / mean strong quality
     */
    public record Setting(double threshold, double strongFraction, double qualityRatio) {}

    /**
     * The highest threshold whose routed quality is at least {@code floor} × the strong tier's mean quality on
     * the calibration items (the fewest strong calls that keep the floor).
     *
     * @throws IllegalArgumentException unless 0 < floor ≤ 1
     */
    public Setting forQualityFloor(double floor) {
        if (!(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("quality-floor: %s (expected: in (0, 1])".formatted(floor));
        }
        int n = scores.length;
        Integer[] order = RoutingMetrics.descending(scores);
        double strongTotal = Arrays.stream(strong).sum();
        double routed = Arrays.stream(weak).sum();
        if (routed >= floor * strongTotal) {
            return new Setting(Math.nextUp(scores[order[0]]), 0, routed / strongTotal);
        }
        int k = 0;
        while (k < n) {
            int j = k;
            while (j < n && scores[order[j]] == scores[order[k]]) {
                routed += strong[order[j]] - weak[order[j]];
                j++;
            }
            k = j;
            if (routed >= floor * strongTotal) {
                return new Setting(scores[order[k - 1]], (double) k / n, routed / strongTotal);
            }
        }
        return new Setting(LOWEST_SCORE, 1, routed / strongTotal);
    }

    /** The fraction of calibration items at or above {@code threshold}. */
    public double strongFraction(double threshold) {
        return (double) Arrays.stream(scores).filter(s -> s >= threshold).count() / scores.length;
    }

    /** The held-out scores, in training-item order (a copy). */
    public double[] heldOutScores() {
        return scores.clone();
    }

    public int size() {
        return scores.length;
    }

    double[] scores() {
        return scores;
    }

    double[] strong() {
        return strong;
    }

    double[] weak() {
        return weak;
    }
}
