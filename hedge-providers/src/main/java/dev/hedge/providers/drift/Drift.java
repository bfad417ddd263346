package dev.hedge.providers.drift;

/**
 * One difference between a supplier's answer and the expected shape.
 *
 * @param provider the provider's configured name
 * @param model the supplier's model (the deployment's {@code model}), empty when unknown
 * @param field where, as a path without indexes, e.g. {@code choices[].finish_reason}
 * @param detail what was seen, e.g. {@code 'eos' -> 'stop'}; never contains secrets (values are short
 *     enum-like strings or type names)
 */
public record Drift(String provider, String model, DriftKind kind, String field, DriftAction action, String detail) {}
