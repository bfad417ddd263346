package dev.hedge.server.internal;

import dev.hedge.api.error.ErrorResponse;
import dev.hedge.api.sse.SseFrames;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.gateway.Served;
import dev.hedge.core.gateway.StreamSink;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Relays a stream to the client as server-sent events, one frame per chunk: the supplier's own bytes when the
 * chunk comes with them ({@link StreamSink#onNext(Object, byte[])}), else the chunk written. The first frame
 * leaves at once, with the response head. Later frames are written when the event loop finishes the read that
 * produced them: chunks that reached Hedge in one read of the upstream socket leave in one write to the client,
 * and a chunk that arrived alone leaves alone, at once. (Vert.x flushes every write to a connection other than
 * the one being read, so writing frame by frame cost one system call and one wake-up of the client per chunk.)
 * When the client's socket cannot take more, the upstream is paused until it drains.
 */
final class SseSink<T> implements StreamSink<T> {

    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final CharSequence ACCEL_BUFFERING = HttpHeaders.createOptimized("x-accel-buffering");
    private static final Buffer DONE = Buffer.buffer(SseFrames.DONE);
    /** Room for a typical chunk's frame (OpenAI's are 200-300 bytes); a buffer grows for a larger one. */
    private static final int FIRST_FRAME_BYTES = 512;

    private final HttpServerResponse response;
    private final Context context;
    private FlowControl control = NO_FLOW_CONTROL;
    private boolean paused;
    private boolean headSent;
    /** Frames written since the last flush; null when none are waiting. */
    private @Nullable Buffer pending;
    private final BufferOutput out = new BufferOutput();

    private static final FlowControl NO_FLOW_CONTROL = new FlowControl() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
    };

    /**
     * @param context the event loop the response belongs to, where the sink's calls run; frames wait there for
     *     the end of the current event loop turn
     */
    SseSink(HttpServerResponse response, Context context) {
        this.response = response;
        this.context = context;
    }

    @Override
    public void onOpen(Served served, FlowControl flowControl) {
        this.control = flowControl;
        response.setStatusCode(200)
                .setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE)
                .putHeader(ACCEL_BUFFERING, "no")
                .putHeader(Responses.DEPLOYMENT_HEADER, served.deployment())
                .putHeader(Responses.ATTEMPTS_HEADER, String.valueOf(served.attempts()));
        served.route().ifPresent(route -> response.putHeader(Responses.ROUTE_HEADER, route.headerValue()));
        response.drainHandler(ignored -> {
            if (paused) {
                paused = false;
                control.resume();
            }
        });
    }

    @Override
    public void onNext(T item) {
        send(item, null);
    }

    /** The supplier's bytes go out in the frame as they came: the chunk is not written again. */
    @Override
    public void onNext(T item, byte[] source) {
        send(item, source);
    }

    private void send(T item, byte @Nullable [] source) {
        if (response.closed()) {
            return;
        }
        if (!headSent || Vertx.currentContext() != context) {
            // the first frame goes with the head, before any later chunk of the same read is decoded; off the
            // event loop there is no turn to wait for
            headSent = true;
            response.write(frame(item, source, Buffer.buffer(FIRST_FRAME_BYTES)));
            checkWriteQueue();
            return;
        }
        if (pending == null) {
            pending = Buffer.buffer(FIRST_FRAME_BYTES);
            context.runOnContext(ignored -> flush());
        }
        frame(item, source, pending);
    }

    /**
     * Appends {@code item}'s {@code data:} frame to {@code frames}: its source bytes when it has them, else its
     * JSON written straight into the buffer that goes to the socket, not into an array copied into a frame
     * copied into a buffer.
     */
    private Buffer frame(Object item, byte @Nullable [] source, Buffer frames) {
        out.target = frames;
        if (source != null) {
            SseFrames.data(source, out);
        } else {
            SseFrames.data(item, out);
        }
        out.target = null;
        return frames;
    }

    /** Writes the frames waiting since the last flush, in one write. */
    private void flush() {
        Buffer frames = pending;
        pending = null;
        if (frames == null || response.closed() || response.ended()) {
            return;
        }
        response.write(frames);
        checkWriteQueue();
    }

    private void checkWriteQueue() {
        if (!paused && response.writeQueueFull()) {
            paused = true;
            control.pause();
        }
    }

    /** The waiting frames followed by {@code last}, taking the waiting ones. */
    private Buffer withPending(Buffer last) {
        Buffer frames = pending;
        pending = null;
        return frames == null ? last : frames.appendBuffer(last);
    }

    @Override
    public void onComplete() {
        if (!response.closed() && !response.ended()) {
            response.end(withPending(DONE.copy()));
        }
    }

    @Override
    public void onError(GatewayException error, boolean afterOpen) {
        if (!afterOpen) {
            Responses.error(response, error);
            return;
        }
        if (!response.closed() && !response.ended()) {
            // OpenAI's clients raise an error for a data event carrying an "error" object
            response.end(withPending(frame(new ErrorResponse(error.error()), null, Buffer.buffer(FIRST_FRAME_BYTES))));
        }
    }

    /** A frame's output into a buffer: appends to {@link #target} what is written (the JSON in one piece). */
    private static final class BufferOutput extends OutputStream {
        private @Nullable Buffer target;

        @Override
        public void write(int b) {
            Objects.requireNonNull(target).appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            Objects.requireNonNull(target).appendBytes(bytes, offset, length);
        }
    }
}
