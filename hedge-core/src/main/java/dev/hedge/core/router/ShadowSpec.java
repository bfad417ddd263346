package dev.hedge.core.router;

import java.util.Objects;

/**
 * Shadow comparisons of a router model: a sampled fraction of the requests routed to the weak tier are also
 * sent to the strong tier after the client has its answer, a judge model compares the two answers, and its
 * verdict teaches the router like {@code POST /v1/feedback} would.
 *
 * @param fraction share of weak-routed requests compared, in [0, 1]
 * @param judge the public model (served by this Hedge) that compares the answers
 * @param maxInFlight comparisons running at once for the model; a sampled request past it is dropped
 */
public record ShadowSpec(double fraction, String judge, int maxInFlight) {

    public ShadowSpec {
        Objects.requireNonNull(judge, "judge");
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction: %s (expected: in [0, 1])".formatted(fraction));
        }
        if (judge.isBlank()) {
            throw new IllegalArgumentException("judge: '' (expected: a model name)");
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("max-in-flight: %s (expected: > 0)".formatted(maxInFlight));
        }
    }
}
