package dev.hedge.core.gateway;

import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.core.router.RouteDecision;

/**
 * Sees the answers of prompt-routed chat requests once the client has them (shadow comparisons). The gateway
 * asks {@link #wants} when a routed request commits to a deployment and, if wanted, gathers the answer's text
 * (a stream's content deltas) and hands it to {@link #answered} after the answer completed successfully.
 *
 * <p>Both methods run on the request's executor: they must be quick and must not block or throw; nothing
 * they do can delay or fail the client's response.
 */
public interface RoutedAnswers {

    /** Wants nothing. */
    RoutedAnswers NONE = new RoutedAnswers() {
        @Override
        public boolean wants(RequestContext context, ChatCompletionRequest request, RouteDecision decision) {
            return false;
        }

        @Override
        public void answered(RequestContext context, ChatCompletionRequest request, RouteDecision decision,
                String answer) {}
    };

    /** Whether to gather the answer of this routed request. */
    boolean wants(RequestContext context, ChatCompletionRequest request, RouteDecision decision);

    /**
     * A wanted answer completed successfully.
     *
     * @param answer the text of the first choice (for a stream, its content deltas joined)
     */
    void answered(RequestContext context, ChatCompletionRequest request, RouteDecision decision, String answer);
}
