package dev.hedge.core.tokens;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;

/**
 * A request's prompt size in tokens: counted at most once, and bounded from above without counting. Counting
 * is the dearest step of a small request; most questions about the prompt (does it fit every context window?)
 * are answered by the bound alone. A long prompt is counted {@linkplain #counted() aside}, off the event loop.
 *
 * <p>Two threads asking at once at worst both count (the same value; an int write is atomic, and the field is
 * volatile, so a count made aside is seen by the event loop that waited for it).
 */
public final class PromptTokens {

    private final IntSupplier count;
    private final IntSupplier bound;
    private final Executor aside;
    private volatile int counted = -1;
    private int bounded = -1;

    private PromptTokens(IntSupplier count, IntSupplier bound, Executor aside) {
        this.count = count;
        this.bound = bound;
        this.aside = aside;
    }

    /**
     * @param count counts the prompt exactly (called at most once, but for a race)
     * @param bound a cheap number never below what {@code count} gives
     * @param aside where {@link #counted()} counts a long prompt (see {@link TokenCounter#aside()})
     */
    public static PromptTokens of(IntSupplier count, IntSupplier bound, Executor aside) {
        return new PromptTokens(count, bound, aside);
    }

    /** A prompt counted on the caller's thread, however long. */
    public static PromptTokens of(IntSupplier count, IntSupplier bound) {
        return of(count, bound, Runnable::run);
    }

    /** A prompt whose size is known already. */
    public static PromptTokens exactly(int tokens) {
        PromptTokens prompt = of(() -> tokens, () -> tokens);
        prompt.counted = tokens;
        return prompt;
    }

    /** The prompt's tokens, counted on first use, on the caller's thread. */
    public int count() {
        int known = counted;
        if (known < 0) {
            known = count.getAsInt();
            counted = known;
        }
        return known;
    }

    /**
     * Whether {@link #count()} would count a long prompt now: not counted yet, and its bound above
     * {@link TokenCounter#ASIDE_CHARS} chars' worth of tokens (a char is at most three tokens).
     */
    public boolean countsAside() {
        return counted < 0 && bound() > 3 * TokenCounter.ASIDE_CHARS;
    }

    /** The count: now when it is known or cheap, else made on the executor given at creation. */
    public CompletionStage<Integer> counted() {
        return countsAside()
                ? CompletableFuture.supplyAsync(this::count, aside)
                : CompletableFuture.completedFuture(count());
    }

    /** No fewer tokens than {@link #count()}; the count itself when it was made already. */
    public int atMost() {
        int known = counted;
        return known >= 0 ? known : bound();
    }

    /** The bound, made once (a chat prompt's bound writes its tool definitions out). */
    private int bound() {
        if (bounded < 0) {
            bounded = bound.getAsInt();
        }
        return bounded;
    }
}
