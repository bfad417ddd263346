package dev.hedge.providers.http;

import dev.hedge.core.provider.ProviderException;
import org.jspecify.annotations.Nullable;

/**
 * A dialect's reading of its server-sent events: each event becomes zero or more OpenAI-shaped items, the
 * end of the stream, or a failure. One decoder serves one stream; calls are serial.
 */
public interface SseDecoder<T> {

    /**
     * Reads one event.
     *
     * @throws ProviderException for an error event ({@link ProviderException.Kind#STREAM_ERROR}) or data
     *     that cannot be read ({@link ProviderException.Kind#PROTOCOL})
     */
    void onEvent(@Nullable String event, byte[] data, Output<T> out);

    /**
     * The body ended without the dialect's end-of-stream marker.
     *
     * @return null when the stream counts as complete anyway (e.g. every choice had finished), else the failure
     */
    @Nullable ProviderException onTruncated();

    /**
     * The body ended, with or without the end marker having been read. A dialect whose stream simply stops
     * (Gemini's) emits its last items here; the default asks {@link #onTruncated()}.
     *
     * @return null when the stream is complete, else the failure
     */
    default @Nullable ProviderException onEnd(Output<T> out) {
        return onTruncated();
    }

    /** Where decoded items go. */
    interface Output<T> {
        void next(T item);

        /**
         * An item with the supplier's JSON for it, which may go to the client as it is (see
         * {@link dev.hedge.core.provider.Relayed}; on one line).
         */
        void next(T item, byte[] source);

        /** The dialect's end marker was read; later events are ignored. */
        void complete();
    }
}
