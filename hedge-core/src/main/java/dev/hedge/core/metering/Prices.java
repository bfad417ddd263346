package dev.hedge.core.metering;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a deployment charges, in US dollars per million tokens, per token class. A class the supplier does
 * not price separately is empty (cached input then costs as input, reasoning as output).
 */
public record Prices(
        Optional<BigDecimal> inputPerMtok,
        Optional<BigDecimal> cachedInputPerMtok,
        Optional<BigDecimal> cacheWritePerMtok,
        Optional<BigDecimal> outputPerMtok,
        Optional<BigDecimal> reasoningPerMtok) {

    /** No price known. */
    public static final Prices UNKNOWN =
            new Prices(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Prices {
        requireNonNegative("input-usd-per-mtok", inputPerMtok);
        requireNonNegative("cached-input-usd-per-mtok", cachedInputPerMtok);
        requireNonNegative("cache-write-usd-per-mtok", cacheWritePerMtok);
        requireNonNegative("output-usd-per-mtok", outputPerMtok);
        requireNonNegative("reasoning-usd-per-mtok", reasoningPerMtok);
    }

    /** Input and output prices only. */
    public static Prices of(BigDecimal inputPerMtok, BigDecimal outputPerMtok) {
        return new Prices(Optional.of(inputPerMtok), Optional.empty(), Optional.empty(), Optional.of(outputPerMtok),
                Optional.empty());
    }

    /** Whether both input and output are priced. */
    public boolean known() {
        return inputPerMtok.isPresent() && outputPerMtok.isPresent();
    }

    private static void requireNonNegative(String name, Optional<BigDecimal> price) {
        price.ifPresent(p -> {
            if (p.signum() < 0) {
                throw new IllegalArgumentException("%s: %s (expected: >= 0)".formatted(name, p.toPlainString()));
            }
        });
    }
}
