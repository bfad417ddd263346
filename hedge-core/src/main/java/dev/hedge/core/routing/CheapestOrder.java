package dev.hedge.core.routing;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.resilience.DeploymentHealth;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Lowest price first (input plus output price per million tokens; an unknown price goes last), equal
 * prices by recent latency, then configuration order.
 */
final class CheapestOrder implements DeploymentOrder {

    private static final BigDecimal UNKNOWN = BigDecimal.valueOf(Long.MAX_VALUE);

    @Override
    public List<Deployment> order(List<Deployment> deployments, Function<Deployment, DeploymentHealth> health) {
        List<Deployment> ordered = new ArrayList<>(deployments);
        ordered.sort(Comparator.comparing((Deployment d) -> price(d.spec().prices()))
                .thenComparingDouble(d -> health.apply(d).latencyEwmaNanos()));
        return ordered;
    }

    private static BigDecimal price(Prices prices) {
        if (prices.inputPerMtok().isEmpty() || prices.outputPerMtok().isEmpty()) {
            return UNKNOWN;
        }
        return prices.inputPerMtok().get().add(prices.outputPerMtok().get());
    }
}
