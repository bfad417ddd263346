package dev.hedge.providers.openai;

import dev.hedge.api.sse.SseFrames;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.Relayed;
import dev.hedge.providers.http.SseDecoder;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * OpenAI's stream: each {@code data:} event is one chunk, {@code [DONE]} ends it. A stream cut off before
 * {@code [DONE]} still counts as complete when a chunk had already finished (some servers never send
 * {@code [DONE]}); otherwise it was truncated.
 */
final class OpenAiChunkDecoder<T> implements SseDecoder<T> {

    /** Reads one chunk's JSON. */
    @FunctionalInterface
    interface ChunkReader<T> {
        /**
         * The chunk, with {@code data} as its source when the client may be sent it as it is; null when it
         * carries nothing for the client and is skipped.
         */
        @Nullable Relayed<T> read(String provider, byte[] data, List<Secret> secrets);
    }

    private final String provider;
    private final List<Secret> secrets;
    private final ChunkReader<T> reader;
    private final Predicate<T> finishes;
    private boolean finished;

    OpenAiChunkDecoder(String provider, List<Secret> secrets, ChunkReader<T> reader, Predicate<T> finishes) {
        this.provider = provider;
        this.secrets = secrets;
        this.reader = reader;
        this.finishes = finishes;
    }

    @Override
    public void onEvent(@Nullable String event, byte[] data, Output<T> out) {
        if (SseFrames.isDone(data)) {
            out.complete();
            return;
        }
        Relayed<T> chunk = reader.read(provider, data, secrets);
        if (chunk == null) {
            return;
        }
        finished |= finishes.test(chunk.value());
        byte[] source = chunk.source();
        if (source != null) {
            out.next(chunk.value(), source);
        } else {
            out.next(chunk.value());
        }
    }

    @Override
    public @Nullable ProviderException onTruncated() {
        return finished ? null : ProviderException.protocol(provider, "the stream ended before [DONE]", null);
    }
}
