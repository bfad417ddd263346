package dev.hedge.core.gateway;

/**
 * Where the gateway delivers a streamed answer. Calls are serial, on the request's executor, in this order:
 * either {@link #onError} alone (the request failed before anything was committed: answer with an
 * ordinary error response), or {@link #onOpen}, then {@link #onNext} per item, then exactly one of
 * {@link #onComplete} or {@link #onError} (the stream broke after commit: end it with an error event).
 */
public interface StreamSink<T> {

    /**
     * The stream has committed to a deployment; nothing was sent before this.
     *
     * @param served who serves the stream, for response headers
     * @param control pauses the upstream while the client cannot keep up
     */
    void onOpen(Served served, FlowControl control);

    void onNext(T item);

    /**
     * An item unchanged since the supplier sent it, with the supplier's JSON for it (the contract of
     * {@link dev.hedge.core.provider.Relayed#source()}, on one line): a sink may send those bytes rather than
     * write the item. By default they are dropped and the item goes to {@link #onNext(Object)}.
     */
    default void onNext(T item, byte[] source) {
        onNext(item);
    }

    void onComplete();

    /**
     * @param afterOpen whether {@link #onOpen} was called (the client already has a 200 and some chunks)
     */
    void onError(GatewayException error, boolean afterOpen);

    /** Back-pressure from the client to the upstream. */
    interface FlowControl {
        void pause();

        void resume();
    }
}
