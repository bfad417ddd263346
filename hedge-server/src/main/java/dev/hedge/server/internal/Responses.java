package dev.hedge.server.internal;

import dev.hedge.api.json.Json;
import dev.hedge.core.gateway.GatewayException;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Writes complete answers: JSON bodies and OpenAI error envelopes. */
final class Responses {

    static final CharSequence APPLICATION_JSON = HttpHeaderValues.APPLICATION_JSON;
    static final CharSequence DEPLOYMENT_HEADER = HttpHeaders.createOptimized("x-hedge-deployment");
    static final CharSequence ATTEMPTS_HEADER = HttpHeaders.createOptimized("x-hedge-attempts");
    static final CharSequence ROUTE_HEADER = HttpHeaders.createOptimized("x-hedge-route");

    private Responses() {}

    static void json(HttpServerResponse response, int status, Object body) {
        if (response.ended() || response.closed()) {
            return;
        }
        jsonBytes(response, status, Json.write(body));
    }

    /** Answers {@code bytes}, JSON already written (or relayed as the supplier sent it). */
    static void jsonBytes(HttpServerResponse response, int status, byte[] bytes) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
                .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(bytes.length))
                .end(Buffers.wrap(bytes));
    }

    static void error(HttpServerResponse response, GatewayException error) {
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        error.retryAfter().ifPresent(wait ->
                response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
        json(response, error.status(), error.envelope());
    }
}
