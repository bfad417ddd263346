package dev.hedge.core.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * RouteLLM's offline metrics for a strong/weak router (arXiv 2406.18665 §5), at full resolution, as the
 * reference evaluator {@code shared/data/routing/evaluate.py} computes them: the router sends an item to the
 * strong model iff its score is at least the threshold; sweeping the threshold moves the fraction of strong
 * calls {@code c} from 0 to 1. PGR(c) = (quality(c) − weak) / (strong − weak); APGR is the area under PGR(c)
 * (trapezoids); CPT(x) is the smallest fraction of strong calls with PGR ≥ x, interpolated linearly. Items
 * with equal scores move together (the straight segment is the expected value of random tie-breaking).
 */
public final class RoutingMetrics {

    private RoutingMetrics() {}

    /** A point of the quality curve: fraction of strong calls and mean quality there. */
    public record Point(double strongFraction, double quality) {}

    /**
     * Summary of one curve.
     *
     * @param apgr area under the PGR curve (0.5 for a random router)
     * @param cpt50 fraction of strong calls (0–1) reaching PGR 0.5; empty if never reached
     * @param cpt80 the same for PGR 0.8
     * @param cpt95 the same for PGR 0.95
     * @param curve the quality curve from (0, weak mean) to (1, strong mean) (or the oracle's)
     */
    public record Summary(double apgr, OptionalDouble cpt50, OptionalDouble cpt80, OptionalDouble cpt95, List<Point> curve) {}

    /**
     * The router's, a random router's and the oracle's metrics on the same items.
     *
     * @param strongMean mean strong quality
     * @param weakMean mean weak quality
     */
    public record Report(int items, double strongMean, double weakMean, Summary router, Summary random, Summary oracle) {}

    /**
     * Evaluates {@code scores} (higher = more need for the strong model) against per-item strong and weak
     * qualities.
     *
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or the means are equal
     */
    public static Report evaluate(double[] scores, double[] strong, double[] weak) {
        int n = scores.length;
        if (n == 0 || strong.length != n || weak.length != n) {
            throw new IllegalArgumentException("scores: %d, strong: %d, weak: %d (expected: equal and > 0)"
                    .formatted(n, strong.length, weak.length));
        }
        double strongMean = Arrays.stream(strong).average().orElseThrow();
        double weakMean = Arrays.stream(weak).average().orElseThrow();
        if (strongMean == weakMean) {
            throw new IllegalArgumentException("strong and weak mean quality are equal (%s): PGR is undefined".formatted(strongMean));
        }
        double[] constant = new double[n];
        Arrays.fill(constant, 0.5);
        return new Report(n, strongMean, weakMean,
                summary(curve(scores, strong, weak), strongMean, weakMean),
                summary(curve(constant, strong, weak), strongMean, weakMean),
                summary(oracleCurve(strong, weak), strongMean, weakMean));
    }

    /** The full-resolution quality curve of a router. */
    public static List<Point> curve(double[] scores, double[] strong, double[] weak) {
        int n = scores.length;
        Integer[] order = RoutingMetrics.descending(scores);
        double total = Arrays.stream(weak).sum();
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, total / n));
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                total += strong[order[j]] - weak[order[j]];
                j++;
            }
            points.add(new Point((double) j / n, total / n));
            i = j;
        }
        return points;
    }

    /** Item indices by score, highest first (ties keep item order). */
    static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        return order;
    }

    /** The best possible curve with at most c strong calls: strong only where it scores strictly higher. */
    static List<Point> oracleCurve(double[] strong, double[] weak) {
        int n = strong.length;
        double[] gains = new double[n];
        for (int i = 0; i < n; i++) {
            gains[i] = strong[i] - weak[i];
        }
        Arrays.sort(gains);
        double best = Arrays.stream(weak).sum();
        List<Point> points = new ArrayList<>();
        points.add(new Point(0, best / n));
        for (int k = 1; k <= n; k++) {
            double gain = gains[n - k];
            if (gain > 0) {
                best += gain;
            }
            points.add(new Point((double) k / n, best / n));
        }
        return points;
    }

    private static Summary summary(List<Point> curve, double strongMean, double weakMean) {
        double gap = strongMean - weakMean;
        double[] fraction = new double[curve.size()];
        double[] pgr = new double[curve.size()];
        for (int i = 0; i < curve.size(); i++) {
            fraction[i] = curve.get(i).strongFraction();
            pgr[i] = (curve.get(i).quality() - weakMean) / gap;
        }
        double area = 0;
        for (int i = 1; i < fraction.length; i++) {
            area += (fraction[i] - fraction[i - 1]) * (pgr[i] + pgr[i - 1]) / 2;
        }
        return new Summary(area, firstCrossing(fraction, pgr, 0.5), firstCrossing(fraction, pgr, 0.8),
                firstCrossing(fraction, pgr, 0.95), List.copyOf(curve));
    }

    private static OptionalDouble firstCrossing(double[] fraction, double[] pgr, double level) {
        for (int i = 0; i < fraction.length; i++) {
            if (pgr[i] >= level - 1e-12) {
                if (i == 0) {
                    return OptionalDouble.of(fraction[0]);
                }
                double interpolated = fraction[i - 1] + (level - pgr[i - 1]) * (fraction[i] - fraction[i - 1]) / (pgr[i] - pgr[i - 1]);
                return OptionalDouble.of(Math.min(fraction[i], interpolated));
            }
        }
        return OptionalDouble.empty();
    }
}
