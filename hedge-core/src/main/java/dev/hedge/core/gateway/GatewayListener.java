package dev.hedge.core.gateway;

import java.util.List;

/**
 * Observes the pipeline without taking part in it: metering, metrics, logs and traces. Events of one
 * request arrive in this order: {@link #attemptEnd} per attempt, then {@link #requestEnd} once.
 *
 * <p>The client does not wait for observers: {@link #requestEnd}, and {@link #attemptEnd} of the attempt
 * that served the answer, come just after the answer's last byte was handed to the client's connection (an
 * error answer's too), in the same turn of the request's executor. A client that reads metrics or logs right
 * after its answer may find them a few microseconds behind; the ledger ({@link RequestRecorder}) is not.
 *
 * <p>Methods run on the request's executor and must not block; a listener that throws is logged and
 * otherwise ignored.
 */
public interface GatewayListener {

    GatewayListener NONE = new GatewayListener() {};

    default void attemptEnd(AttemptLog attempt) {}

    default void requestEnd(RequestLog request) {}

    /** A listener that tells each of {@code listeners} in turn. */
    static GatewayListener all(List<GatewayListener> listeners) {
        List<GatewayListener> copy = List.copyOf(listeners);
        return new GatewayListener() {
            @Override
            public void attemptEnd(AttemptLog attempt) {
                for (GatewayListener listener : copy) {
                    Listeners.safely(() -> listener.attemptEnd(attempt));
                }
            }

            @Override
            public void requestEnd(RequestLog request) {
                for (GatewayListener listener : copy) {
                    Listeners.safely(() -> listener.requestEnd(request));
                }
            }
        };
    }
}
