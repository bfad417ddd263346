package dev.hedge.core.gateway;

import dev.hedge.core.router.RouteDecision;
import java.util.Optional;

/**
 * Which deployment answered a request.
 *
 * @param deployment {@code provider/model} of the deployment that committed
 * @param attempts how many upstream attempts the request took, the committed one included
 * @param route the quality router's decision, for prompt-routed models
 */
public record Served(String deployment, int attempts, Optional<RouteDecision> route) {

    public Served(String deployment, int attempts) {
        this(deployment, attempts, Optional.empty());
    }
}
