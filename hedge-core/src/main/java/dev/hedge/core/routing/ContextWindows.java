package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.tokens.PromptTokens;
import java.util.List;

/**
 * Context-window fallback: a request goes only to deployments whose context window holds its prompt plus the
 * output it asks for (at least one token when it sets no limit). Deployments without a known window always
 * qualify.
 */
public final class ContextWindows {
    private ContextWindows() {}

    /**
     * The deployments of {@code plan} that can hold the request, in the same order.
     *
     * @param promptTokens counted only when some deployment has a known window that the prompt's upper bound
     *     does not fit
     * @param maxOutputTokens the output limit the request sets; 0 when it sets none
     */
    public static List<Deployment> fit(List<Deployment> plan, PromptTokens promptTokens, int maxOutputTokens) {
        int smallest = Integer.MAX_VALUE;
        for (Deployment deployment : plan) {
            if (deployment.spec().contextWindow().isPresent()) {
                smallest = Math.min(smallest, deployment.spec().contextWindow().getAsInt());
            }
        }
        int output = Math.max(1, maxOutputTokens);
        if (smallest == Integer.MAX_VALUE || (long) promptTokens.atMost() + output <= smallest) {
            return plan;
        }
        long needed = (long) promptTokens.count() + output;
        return plan.stream()
                .filter(d -> d.spec().contextWindow().isEmpty() || d.spec().contextWindow().getAsInt() >= needed)
                .toList();
    }

    /** The largest known window among {@code plan}, for the error that none fits. */
    public static int largest(List<Deployment> plan) {
        return plan.stream().mapToInt(d -> d.spec().contextWindow().orElse(0)).max().orElse(0);
    }
}
