package dev.hedge.server.internal;

import dev.hedge.api.error.ErrorResponse;
import dev.hedge.api.json.Json;
import dev.hedge.api.sse.SseFrames;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.gateway.Served;
import dev.hedge.core.gateway.StreamSink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Relays a stream to the client as server-sent events, one frame per chunk, flushed as it comes. When the
 * client's socket cannot take more, the upstream is paused until it drains.
 */
final class SseSink<T> implements StreamSink<T> {

    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");
    private static final CharSequence ACCEL_BUFFERING = HttpHeaders.createOptimized("x-accel-buffering");
    private static final Buffer DONE = Buffer.buffer(SseFrames.DONE);

    private final HttpServerResponse response;
    private FlowControl control = NO_FLOW_CONTROL;
    private boolean paused;

    private static final FlowControl NO_FLOW_CONTROL = new FlowControl() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
    };

    SseSink(HttpServerResponse response) {
        this.response = response;
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
        if (response.closed()) {
            return;
        }
        response.write(Buffer.buffer(SseFrames.data(Json.write(item))));
        if (!paused && response.writeQueueFull()) {
            paused = true;
            control.pause();
        }
    }

    @Override
    public void onComplete() {
        if (!response.closed() && !response.ended()) {
            response.end(DONE.copy());
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
            response.end(Buffer.buffer(SseFrames.data(Json.write(new ErrorResponse(error.error())))));
        }
    }
}
