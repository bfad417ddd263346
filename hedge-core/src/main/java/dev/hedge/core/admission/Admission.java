package dev.hedge.core.admission;

import dev.hedge.core.catalog.RoutedModel;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.gateway.RequestLog;
import dev.hedge.core.tokens.PromptTokens;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides, before a request goes upstream, whether it may: rate limits and budget reservations. The
 * returned {@link Ticket} is settled exactly once when the request is over, with what it really used.
 *
 * <p>A refusal completes the stage exceptionally with a
 * {@link dev.hedge.core.gateway.GatewayException} (429 {@code rate_limit_exceeded} or
 * {@code insufficient_quota}).
 */
public interface Admission {

    /** Admits everything: no limits, no budgets. */
    Admission UNLIMITED = request -> CompletableFuture.completedFuture(Ticket.NONE);

    CompletionStage<Ticket> admit(Request request);

    /**
     * What admission may look at.
     *
     * @param promptTokens the prompt's tokens: counting costs, so only ask when needed, and with
     *     {@link PromptTokens#counted()}, which counts a long prompt off the event loop
     * @param maxOutputTokens the output limit the client set, or 0 when it set none
     */
    record Request(RequestContext context, RoutedModel model, PromptTokens promptTokens, int maxOutputTokens) {}

    /** An admitted request's claim on limits and budgets. */
    interface Ticket {
        Ticket NONE = request -> {};

        /** Records what the request really used and releases the rest of its reservation. Called once. */
        void settle(RequestLog request);
    }
}
