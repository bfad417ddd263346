package dev.hedge.providers.http;

import dev.hedge.api.sse.SseException;
import dev.hedge.api.sse.SseParser;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.StreamSubscriber;
import dev.hedge.core.provider.UpstreamStream;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A supplier's {@code text/event-stream} answer, parsed as bytes arrive and decoded by the dialect. Ends
 * exactly once: complete at the dialect's end marker (or a truncation the decoder accepts), an error
 * otherwise. Cancelling resets the upstream request.
 */
public final class SseUpstreamStream<T> implements UpstreamStream<T>, SseDecoder.Output<T> {

    /** The largest single event accepted from a supplier. */
    public static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;

    private final UpstreamHttp http;
    private final UpstreamHttp.Exchange exchange;
    private final SseDecoder<T> decoder;
    private final AtomicBoolean started = new AtomicBoolean();
    private final SseParser parser;
    private @Nullable StreamSubscriber<T> subscriber;
    private final AtomicBoolean ended = new AtomicBoolean();

    public SseUpstreamStream(UpstreamHttp http, UpstreamHttp.Exchange exchange, SseDecoder<T> decoder) {
        this.http = http;
        this.exchange = exchange;
        this.decoder = decoder;
        this.parser = new SseParser(this::event, MAX_EVENT_BYTES);
    }

    @Override
    public void start(StreamSubscriber<T> target) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("stream already started");
        }
        this.subscriber = target;
        // a reset does not always reach the response's handlers: end the stream from the signal itself
        exchange.cancellation().onCancel(() -> fail(ProviderException.cancelled(http.name(),
                exchange.cancellation().reason())));
        HttpClientResponse response = exchange.response();
        response.handler(this::bytes);
        response.exceptionHandler(error -> fail(http.failure(error, exchange.cancellation())));
        response.endHandler(done -> bodyEnded());
        response.resume();
    }

    @Override
    public void pause() {
        exchange.response().pause();
    }

    @Override
    public void resume() {
        exchange.response().resume();
    }

    @Override
    public void cancel() {
        exchange.cancellation().cancel("stream cancelled");
    }

    private void bytes(Buffer buffer) {
        if (ended.get()) {
            return;
        }
        try {
            feed(buffer);
        } catch (SseException e) {
            fail(ProviderException.protocol(http.name(), e.getMessage(), e));
            exchange.request().reset();
        }
    }

    /** Parses the bytes in place when they are on the heap (a network read is): no copy per read. */
    private void feed(Buffer buffer) {
        if (buffer instanceof BufferInternal internal) {
            ByteBuf bytes = internal.getByteBuf();
            if (bytes.hasArray()) {
                parser.feed(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
                return;
            }
        }
        parser.feed(buffer.getBytes());
    }

    private void event(@Nullable String name, byte[] data) {
        if (ended.get()) {
            return;
        }
        try {
            decoder.onEvent(name, data, this);
        } catch (ProviderException e) {
            fail(e);
            exchange.request().reset();
        } catch (RuntimeException e) {
            // an event shaped so oddly that the dialect's decoder broke on it: the supplier's fault, not a hang
            fail(ProviderException.protocol(http.name(), "unreadable event: " + e, e));
            exchange.request().reset();
        }
    }

    @Override
    public void next(T item) {
        if (!ended.get() && subscriber != null) {
            subscriber.onNext(item);
        }
    }

    @Override
    public void next(T item, byte[] source) {
        if (!ended.get() && subscriber != null) {
            subscriber.onNext(item, source);
        }
    }

    @Override
    public void complete() {
        if (subscriber == null || !ended.compareAndSet(false, true)) {
            return;
        }
        exchange.unregister().cancel();
        subscriber.onComplete();
    }

    private void bodyEnded() {
        if (ended.get()) {
            return;
        }
        ProviderException truncated;
        try {
            truncated = decoder.onEnd(this);
        } catch (ProviderException e) {
            truncated = e;
        }
        if (truncated == null) {
            complete();
        } else {
            fail(truncated);
        }
    }

    private void fail(ProviderException error) {
        if (subscriber == null || !ended.compareAndSet(false, true)) {
            return;
        }
        exchange.unregister().cancel();
        subscriber.onError(error);
    }
}
