package dev.hedge.core.metering;

import dev.hedge.core.catalog.Deployment;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Turns tokens into money: integer micro-dollars (1 USD = 1,000,000). A price of {@code P} US dollars per
 * million tokens is exactly {@code P} micro-dollars per token, so a cost is the sum of tokens times prices,
 * computed in {@link BigDecimal} and rounded once, half up, to a whole micro-dollar.
 *
 * <p>Token classes: cached input is billed at the cached-input price (else the input price), cache writes at
 * the cache-write price (else input), the rest of the input at the input price; reasoning tokens at the
 * reasoning price (else output), the rest of the output at the output price. An unpriced class costs 0.
 */
public final class Cost {

    private Cost() {}

    /** What {@code usage} costs at {@code prices}, in micro-dollars, rounded half up. */
    public static long microUsd(TokenUsage usage, Prices prices) {
        return exact(usage, prices).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** What {@code usage} cost at {@code deployment}. */
    public static long microUsd(TokenUsage usage, Deployment deployment) {
        return microUsd(usage, deployment.spec().prices());
    }

    /**
     * The most a call can cost: {@code inputTokens} at the input price and {@code outputTokens} at the dearer of
     * the output and reasoning prices, rounded up.
     */
    public static long worstCaseMicroUsd(long inputTokens, long outputTokens, Prices prices) {
        BigDecimal input = prices.inputPerMtok().orElse(BigDecimal.ZERO);
        BigDecimal output = prices.outputPerMtok().orElse(BigDecimal.ZERO)
                .max(prices.reasoningPerMtok().orElse(BigDecimal.ZERO));
        return input.multiply(BigDecimal.valueOf(inputTokens))
                .add(output.multiply(BigDecimal.valueOf(outputTokens)))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** Micro-dollars as dollars, e.g. {@code 1234} as {@code 0.001234}. */
    public static BigDecimal usd(long microUsd) {
        return BigDecimal.valueOf(microUsd, 6);
    }

    /**
     * Dollars as micro-dollars.
     *
     * @throws IllegalArgumentException when negative or finer than a micro-dollar
     */
    public static long microUsd(BigDecimal usd) {
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("usd: %s (expected: >= 0)".formatted(usd.toPlainString()));
        }
        try {
            return usd.movePointRight(6).setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("usd: %s (expected: at most 6 decimals)".formatted(usd.toPlainString()));
        }
    }

    private static BigDecimal exact(TokenUsage usage, Prices prices) {
        BigDecimal input = prices.inputPerMtok().orElse(BigDecimal.ZERO);
        BigDecimal cached = prices.cachedInputPerMtok().orElse(input);
        BigDecimal cacheWrite = prices.cacheWritePerMtok().orElse(input);
        BigDecimal output = prices.outputPerMtok().orElse(BigDecimal.ZERO);
        BigDecimal reasoning = prices.reasoningPerMtok().orElse(output);
        long cachedTokens = Math.min(usage.cachedInput(), usage.input());
        long writeTokens = Math.min(usage.cacheWrite(), usage.input() - cachedTokens);
        long plainInput = usage.input() - cachedTokens - writeTokens;
        long reasoningTokens = Math.min(usage.reasoning(), usage.output());
        long plainOutput = usage.output() - reasoningTokens;
        return times(input, plainInput)
                .add(times(cached, cachedTokens))
                .add(times(cacheWrite, writeTokens))
                .add(times(output, plainOutput))
                .add(times(reasoning, reasoningTokens));
    }

    private static BigDecimal times(BigDecimal pricePerMtok, long tokens) {
        return tokens == 0 ? BigDecimal.ZERO : pricePerMtok.multiply(BigDecimal.valueOf(tokens));
    }
}
