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
        if (!needsCount(plan, promptTokens, maxOutputTokens)) {
            return plan;
        }
        long needed = (long) promptTokens.count() + Math.max(1, maxOutputTokens);
        return plan.stream()
                .filter(d -> d.spec().contextWindow().isEmpty() || d.spec().contextWindow().getAsInt() >= needed)
                .toList();
    }

    /** Whether {@link #fit} counts the prompt: some deployment's known window is below its bound plus the output. */
    public static boolean needsCount(List<Deployment> plan, PromptTokens promptTokens, int maxOutputTokens) {
        int smallest = Integer.MAX_VALUE;
        for (Deployment deployment : plan) {
            if (deployment.spec().contextWindow().isPresent()) {
                smallest = Math.min(smallest, deployment.spec().contextWindow().getAsInt());
            }
        }
        return smallest != Integer.MAX_VALUE && (long) promptTokens.atMost() + Math.max(1, maxOutputTokens) > smallest;
    }

    /** The largest known window among {@code plan}, for the error that none fits. */
    public static int largest(List<Deployment> plan) {
        return plan.stream().mapToInt(d -> d.spec().contextWindow().orElse(0)).max().orElse(0);
    }
}
