package dev.hedge.providers;

import dev.hedge.api.json.Json;
import dev.hedge.api.sse.SseParser;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.providers.http.SseDecoder;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a recorded server-sent-event stream through a dialect's decoder, as {@link
 * dev.hedge.providers.http.SseUpstreamStream} does, and keeps what came out.
 */
public final class Replay<T> implements SseDecoder.Output<T> {

    private final SseDecoder<T> decoder;
    private final List<T> items = new ArrayList<>();
    private final List<byte @Nullable []> sources = new ArrayList<>();
    private boolean completed;
    private @Nullable ProviderException error;

    private Replay(SseDecoder<T> decoder) {
        this.decoder = decoder;
    }

    public static <T> Replay<T> of(SseDecoder<T> decoder, byte[] stream) {
        Replay<T> replay = new Replay<>(decoder);
        SseParser parser = new SseParser((event, data) -> {
            if (replay.completed || replay.error != null) {
                return;
            }
            try {
                decoder.onEvent(event, data, replay);
            } catch (ProviderException e) {
                replay.error = e;
            }
        }, 8 * 1024 * 1024);
        parser.feed(stream);
        if (!replay.completed && replay.error == null) {
            ProviderException end = decoder.onEnd(replay);
            if (end != null) {
                replay.error = end;
            } else {
                replay.completed = true;
            }
        }
        return replay;
    }

    @Override
    public void next(T item) {
        items.add(item);
        sources.add(null);
    }

    @Override
    public void next(T item, byte[] source) {
        items.add(item);
        sources.add(source);
    }

    @Override
    public void complete() {
        completed = true;
    }

    public List<T> items() {
        return items;
    }

    /** Per item, the supplier's bytes handed on to be relayed, or null when the item is to be written. */
    public List<byte @Nullable []> sources() {
        return sources;
    }

    public boolean completed() {
        return completed;
    }

    public @Nullable ProviderException error() {
        return error;
    }

    /** The result as golden-file lines: one JSON item per line, then how the stream ended. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (T item : items) {
            lines.add(Json.writeString(item));
        }
        lines.add(completed ? "# complete"
                : "# error %s %d: %s".formatted(error.kind(), error.status(), error.getMessage()));
        return lines;
    }
}
