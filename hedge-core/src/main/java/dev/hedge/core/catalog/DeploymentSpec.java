package dev.hedge.core.catalog;

import dev.hedge.core.metering.Prices;
import java.util.OptionalInt;

/**
 * One model at one provider.
 *
 * @param provider the provider's name
 * @param model the model name the supplier is sent
 * @param prices what the supplier charges for it
 * @param contextWindow the most tokens (prompt plus output) it takes, if known
 * @param maxOutputTokens the most tokens it writes, if known
 * @param weight the share of traffic under a weighted policy ({@code > 0})
 * @param maxConcurrency the most calls in flight at once, if limited
 */
public record DeploymentSpec(
        String provider,
        String model,
        Prices prices,
        OptionalInt contextWindow,
        OptionalInt maxOutputTokens,
        int weight,
        OptionalInt maxConcurrency) {

    public DeploymentSpec {
        Names.requireValid("deployment provider", provider);
        Names.requireValid("deployment model", model);
        if (weight <= 0) {
            throw new IllegalArgumentException("weight: %s (expected: > 0)".formatted(weight));
        }
        requirePositive("context-window", contextWindow);
        requirePositive("max-output-tokens", maxOutputTokens);
        requirePositive("max-concurrency", maxConcurrency);
    }

    /** A deployment with no limits and weight 1. */
    public static DeploymentSpec of(String provider, String model, Prices prices) {
        return new DeploymentSpec(provider, model, prices, OptionalInt.empty(), OptionalInt.empty(), 1,
                OptionalInt.empty());
    }

    /** {@code provider/model}, the name used in headers, logs and metrics. */
    public String id() {
        return provider + "/" + model;
    }

    private static void requirePositive(String name, OptionalInt value) {
        if (value.isPresent() && value.getAsInt() <= 0) {
            throw new IllegalArgumentException("%s: %s (expected: > 0)".formatted(name, value.getAsInt()));
        }
    }
}
