package dev.hedge.core.tokens;

import java.util.function.IntSupplier;

/**
 * A request's prompt size in tokens: counted at most once, and bounded from above without counting. Counting
 * is the dearest step of a small request; most questions about the prompt (does it fit every context window?)
 * are answered by the bound alone.
 *
 * <p>Two threads asking at once at worst both count (the same value; an int write is atomic).
 */
public final class PromptTokens {

    private final IntSupplier count;
    private final IntSupplier bound;
    private int counted = -1;

    private PromptTokens(IntSupplier count, IntSupplier bound) {
        this.count = count;
        this.bound = bound;
    }

    /**
     * @param count counts the prompt exactly (called at most once)
     * @param bound a cheap number never below what {@code count} gives
     */
    public static PromptTokens of(IntSupplier count, IntSupplier bound) {
        return new PromptTokens(count, bound);
    }

    /** A prompt whose size is known already. */
    public static PromptTokens exactly(int tokens) {
        return new PromptTokens(() -> tokens, () -> tokens);
    }

    /** The prompt's tokens, counted on first use. */
    public int count() {
        if (counted < 0) {
            counted = count.getAsInt();
        }
        return counted;
    }

    /** No fewer tokens than {@link #count()}; the count itself when it was made already. */
    public int atMost() {
        return counted >= 0 ? counted : bound.getAsInt();
    }
}
