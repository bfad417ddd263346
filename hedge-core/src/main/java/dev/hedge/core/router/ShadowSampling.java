package dev.hedge.core.router;

import java.util.random.RandomGenerator;

/**
 * The coin flips of shadow comparisons: which weak-routed requests are compared, and in which order the
 * judge sees the two answers (random, so a judge's preference for the first or second position cancels out
 * over many comparisons). Thread-safe if {@code random} is; tests pass a seeded generator.
 */
public final class ShadowSampling {

    private final double fraction;
    private final RandomGenerator random;

    public ShadowSampling(double fraction, RandomGenerator random) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction: %s (expected: in [0, 1])".formatted(fraction));
        }
        this.fraction = fraction;
        this.random = random;
    }

    /** Whether to compare this request: true with probability {@code fraction}; never at 0, always at 1. */
    public boolean sample() {
        return fraction > 0 && (fraction >= 1 || random.nextDouble() < fraction);
    }

    /** Whether the judge sees the strong tier's answer first (as answer A). */
    public boolean strongFirst() {
        return random.nextBoolean();
    }
}
