package dev.hedge.core.provider;

/**
 * Receives a supplier's stream, translated to OpenAI chunks. Calls are serial (never concurrent) and end
 * with exactly one of {@link #onComplete()} or {@link #onError}.
 */
public interface StreamSubscriber<T> {

    void onNext(T item);

    /** The stream ended as the dialect says a stream ends (e.g. {@code [DONE]}). */
    void onComplete();

    /** The stream broke: an error event, malformed data, a lost connection or a cancellation. */
    void onError(ProviderException error);
}
