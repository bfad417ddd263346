package dev.hedge.core.provider;

/**
 * Receives a supplier's stream, translated to OpenAI chunks. Calls are serial (never concurrent) and end
 * with exactly one of {@link #onComplete()} or {@link #onError}.
 */
public interface StreamSubscriber<T> {

    void onNext(T item);

    /**
     * An item with the supplier's JSON for it, which may go to the client in place of the item written (the
     * contract of {@link Relayed#source()}, on one line). A subscriber that cannot use the bytes leaves this as
     * it is: they are dropped and the item is written.
     */
    default void onNext(T item, byte[] source) {
        onNext(item);
    }

    /** The stream ended as the dialect says a stream ends (e.g. {@code [DONE]}). */
    void onComplete();

    /** The stream broke: an error event, malformed data, a lost connection or a cancellation. */
    void onError(ProviderException error);
}
