package dev.hedge.core.router;

import java.util.Locale;
import java.util.Objects;

/**
 * What the quality router decided for one request; in the request's log record (for the ledger) and in the
 * {@code x-hedge-route} response header.
 *
 * @param tier {@link #STRONG} or {@link #WEAK}
 * @param score the router's score for the prompt ({@link QualityRouter#score}: a blend of the strong tier's
 *     expected gain in [−1, 1] and P(weak answer worse); [0, 1] for routers trained before format 3)
 * @param threshold the model's threshold: strong iff score ≥ threshold
 * @param routerRevision the router file's revision that scored it
 * @param decisionNanos time spent embedding and scoring
 */
public record RouteDecision(String tier, double score, double threshold, int routerRevision, long decisionNanos) {

    public static final String STRONG = "strong";
    public static final String WEAK = "weak";

    public RouteDecision {
        Objects.requireNonNull(tier, "tier");
        if (!tier.equals(STRONG) && !tier.equals(WEAK)) {
            throw new IllegalArgumentException("tier: %s (expected: strong or weak)".formatted(tier));
        }
    }

    /**
     * The header value, e.g. {@code strong; p=0.731; threshold=0.412; revision=0}; {@code p} is the score (the
     * key predates gain routers, whose scores can be negative: {@code weak; p=-0.084; …}).
     */
    public String headerValue() {
        return String.format(Locale.ROOT, "%s; p=%.3f; threshold=%.3f; revision=%d", tier, score, threshold, routerRevision);
    }
}
