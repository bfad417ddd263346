package dev.hedge.core.router;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A model with {@code policy: router}: its deployments are the weak tier (the first {@code weakDeployments})
 * followed by the strong tier; the router file scores each prompt and the threshold (given, or derived from
 * the quality floor and the router's calibration) picks the tier. The other tier is the failover path.
 *
 * @param model the public model name
 * @param weakDeployments how many of the model's deployments (from the first) form the weak tier
 * @param strongDeployments how many follow them as the strong tier
 * @param router the trained router file
 * @param threshold strong iff the router's score ≥ threshold, in [−1, 1] (a router with a gain memory scores in
 *     [−knnWeight, 1], an older label router in [0, 1]); exclusive with {@code qualityFloor}
 * @param qualityFloor keep this fraction of the strong tier's quality (0–1]; exclusive with {@code threshold}
 * @param shadow shadow comparisons of weak-routed requests, if configured
 */
public record RouterPolicySpec(String model, int weakDeployments, int strongDeployments, Path router,
        OptionalDouble threshold, OptionalDouble qualityFloor, Optional<ShadowSpec> shadow) {

    /** A policy without shadow comparisons. */
    public RouterPolicySpec(String model, int weakDeployments, int strongDeployments, Path router,
            OptionalDouble threshold, OptionalDouble qualityFloor) {
        this(model, weakDeployments, strongDeployments, router, threshold, qualityFloor, Optional.empty());
    }

    public RouterPolicySpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(shadow, "shadow");
        if (weakDeployments <= 0 || strongDeployments <= 0) {
            throw new IllegalArgumentException("tiers of %s: weak %d, strong %d deployments (expected: at least one each)"
                    .formatted(model, weakDeployments, strongDeployments));
        }
        if (threshold.isPresent() == qualityFloor.isPresent()) {
            throw new IllegalArgumentException("router model %s: set exactly one of threshold and quality-floor".formatted(model));
        }
        threshold.ifPresent(t -> {
            if (!(t >= -1 && t <= 1)) {
                throw new IllegalArgumentException("threshold: %s (expected: in [-1, 1])".formatted(t));
            }
        });
        qualityFloor.ifPresent(f -> {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("quality-floor: %s (expected: in (0, 1])".formatted(f));
            }
        });
    }

    /** The same policy for another public name (the {@code auto} alias); it shares the shadow settings. */
    public RouterPolicySpec named(String name) {
        return new RouterPolicySpec(name, weakDeployments, strongDeployments, router, threshold, qualityFloor, shadow);
    }
}
