package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import java.util.List;
import java.util.function.IntSupplier;

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
     * @param promptTokens counted only when some deployment has a known window
     * @param maxOutputTokens the output limit the request sets; 0 when it sets none
     */
    public static List<Deployment> fit(List<Deployment> plan, IntSupplier promptTokens, int maxOutputTokens) {
        if (plan.stream().noneMatch(d -> d.spec().contextWindow().isPresent())) {
            return plan;
        }
        long needed = (long) promptTokens.getAsInt() + Math.max(1, maxOutputTokens);
        return plan.stream()
                .filter(d -> d.spec().contextWindow().isEmpty() || d.spec().contextWindow().getAsInt() >= needed)
                .toList();
    }

    /** The largest known window among {@code plan}, for the error that none fits. */
    public static int largest(List<Deployment> plan) {
        return plan.stream().mapToInt(d -> d.spec().contextWindow().orElse(0)).max().orElse(0);
    }
}
