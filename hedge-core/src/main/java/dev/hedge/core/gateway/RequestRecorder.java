package dev.hedge.core.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Makes each finished request durable (the ledger). Unlike a {@link GatewayListener}, the pipeline waits for
 * it: the last byte of an answer (the end of a non-streamed body, {@code [DONE]} of a stream) is sent only
 * after {@link #record} completes, so a response a client received is on record even if the process dies
 * right after. Implementations batch writes across requests to keep that wait short.
 *
 * <p>A record that fails to persist is logged by the implementation and must not fail the request: the stage
 * completes either way.
 */
@FunctionalInterface
public interface RequestRecorder {

    RequestRecorder NONE = request -> CompletableFuture.completedFuture(null);

    /** Persists {@code request} (with its attempts); completes when it is durable. Called once per request. */
    CompletionStage<Void> record(RequestLog request);
}
