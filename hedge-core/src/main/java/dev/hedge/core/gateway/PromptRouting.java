package dev.hedge.core.gateway;

import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.router.RouteDecision;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Plans a request from its prompt (the learned quality router). Models it does not route are planned by the
 * gateway's {@link RoutePlanner}. Implementations do their work off the request's executor (embedding
 * blocks) and must be thread-safe.
 */
public interface PromptRouting {

    /** Routes nothing. */
    PromptRouting NONE = (model, context, prompt) -> Optional.empty();

    /**
     * The plan for {@code model}, if this routing handles it; the stage fails with a
     * {@link GatewayException} when the prompt cannot be routed.
     *
     * @param prompt the text that decides (the last user message of a chat, a completion's prompt)
     */
    Optional<CompletionStage<Routed>> route(RoutedModel model, RequestContext context, String prompt);

    /**
     * A prompt-routed plan.
     *
     * @param plan the deployments to try in order (the chosen tier first)
     * @param decision what was decided, for the log record and the response header
     */
    record Routed(List<Deployment> plan, RouteDecision decision) {
        public Routed {
            plan = List.copyOf(plan);
        }
    }
}
