package dev.hedge.core.provider;

/**
 * A supplier's streamed answer whose headers said yes (HTTP 200); the items follow once
 * {@link #start(StreamSubscriber)} is called. {@link #pause()} and {@link #resume()} carry the client's
 * back-pressure to the upstream connection; {@link #cancel()} (or the call's {@link Cancellation}) aborts
 * the upstream request. Methods may be called from any thread.
 */
public interface UpstreamStream<T> {

    /** Starts delivery to {@code subscriber}; call once. */
    void start(StreamSubscriber<T> subscriber);

    /** Stops reading from the supplier until {@link #resume()}. */
    void pause();

    void resume();

    /** Aborts the upstream request; the subscriber then sees {@link ProviderException.Kind#CANCELLED}. */
    void cancel();
}
