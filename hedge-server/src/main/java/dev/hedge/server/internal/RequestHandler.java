package dev.hedge.server.internal;

import dev.hedge.api.chat.ChatCompletionRequest;
import dev.hedge.api.completions.CompletionRequest;
import dev.hedge.api.embeddings.EmbeddingRequest;
import dev.hedge.api.error.ErrorType;
import dev.hedge.api.models.ModelList;
import dev.hedge.core.auth.Authenticator;
import dev.hedge.core.auth.Caller;
import dev.hedge.core.gateway.Gateway;
import dev.hedge.core.gateway.GatewayException;
import dev.hedge.core.gateway.Reply;
import dev.hedge.core.gateway.RequestContext;
import dev.hedge.core.gateway.SerialExecutor;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.server.JsonRoute;
import dev.hedge.server.RequestLogger;
import dev.hedge.server.ServerSettings;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The way of one HTTP request: id, route, bounds, authentication, body, parsing, then the gateway; every
 * refusal answers an OpenAI error envelope and is logged.
 */
public final class RequestHandler implements Handler<HttpServerRequest> {

    private static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("x-request-id");

    private final ServerSettings settings;
    private final Gateway gateway;
    private final Authenticator authenticator;
    private final Map<String, RouteEntry> routes;
    private final BooleanSupplier ready;
    private final RequestLogger logger;
    private final AtomicInteger inFlight;
    private final LongAdder started;
    private final @Nullable PrometheusMeterRegistry metrics;

    /** An extra route (keyed by {@code "METHOD path"}): a JSON handler and whether it needs an admin caller. */
    public record RouteEntry(HttpMethod method, boolean admin, JsonRoute route) {}

    public RequestHandler(ServerSettings settings, Gateway gateway, Authenticator authenticator,
            Map<String, RouteEntry> routes, BooleanSupplier ready, RequestLogger logger, AtomicInteger inFlight,
            LongAdder started, @Nullable PrometheusMeterRegistry metrics) {
        this.settings = settings;
        this.gateway = gateway;
        this.authenticator = authenticator;
        this.routes = Map.copyOf(routes);
        this.ready = ready;
        this.logger = logger;
        this.inFlight = inFlight;
        this.started = started;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Call call = new Call(request, RequestIds.next(), System.nanoTime());
        request.response().putHeader(REQUEST_ID, call.id);
        String path = request.path();
        switch (path) {
            case "/healthz" -> call.health(true, "ok");
            case "/readyz" -> call.health(ready.getAsBoolean(), "ready");
            case "/metrics" -> metrics(call);
            case "/v1/chat/completions" -> call.api(HttpMethod.POST, this::chat);
            case "/v1/completions" -> call.api(HttpMethod.POST, this::complete);
            case "/v1/embeddings" -> call.api(HttpMethod.POST, this::embed);
            case "/v1/models" -> call.api(HttpMethod.GET, (c, caller, body) -> {
                Responses.json(c.response(), 200, gateway.models(caller));
                c.logDone(200, caller);
            });
            default -> {
                if (path.startsWith("/v1/models/")) {
                    call.api(HttpMethod.GET, (c, caller, body) -> model(c, caller, path.substring("/v1/models/".length())));
                } else {
                    extraRoute(call, path);
                }
            }
        }
    }

    private void metrics(Call call) {
        if (metrics == null) {
            extraRoute(call, "/metrics");
            return;
        }
        byte[] text = metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        call.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                .end(Buffer.buffer(text));
    }

    private void extraRoute(Call call, String path) {
        String method = call.request.method().name();
        String rest = "";
        RouteEntry entry = routes.get(method + " " + path);
        if (entry == null) {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                rest = path.substring(slash + 1);
                entry = routes.get(method + " " + path.substring(0, slash) + "/*");
            }
        }
        if (entry == null) {
            call.refuse(GatewayException.of(404, ErrorType.INVALID_REQUEST,
                    "Unknown request URL: %s %s.".formatted(call.request.method(), path), null, "unknown_url"));
            return;
        }
        RouteEntry route = entry;
        String remainder = rest;
        call.api(route.method(), (c, caller, body) -> {
            if (route.admin() && !caller.admin()) {
                c.refuse(GatewayException.of(403, ErrorType.PERMISSION,
                        "This endpoint needs the admin (master) key.", null, "admin_required"));
                return;
            }
            CompletionStage<JsonRoute.JsonReply> reply;
            try {
                reply = route.route().handle(caller, remainder, body);
            } catch (GatewayException e) {
                c.refuse(e);
                return;
            }
            reply.whenComplete((answer, error) -> c.executor.execute(() -> {
                if (error != null) {
                    c.refuse(unwrap(error));
                } else {
                    Responses.json(c.response(), answer.status(), answer.body());
                    c.logDone(answer.status(), caller);
                }
            }));
        });
    }

    private void model(Call call, Caller caller, String id) {
        ModelList models = gateway.models(caller);
        for (ModelList.Model model : models.data()) {
            if (model.id().equals(id)) {
                Responses.json(call.response(), 200, model);
                call.logDone(200, caller);
                return;
            }
        }
        call.refuse(GatewayException.modelNotFound(id));
    }

    private void chat(Call call, Caller caller, byte[] body) {
        ChatCompletionRequest request = JsonBodies.chatRequest(body);
        RequestContext context = call.context(caller);
        if (request.streaming()) {
            gateway.streamChat(context, request, new SseSink<>(call.response(), call.eventLoop()));
        } else {
            call.reply(gateway.chat(context, request));
        }
    }

    private void complete(Call call, Caller caller, byte[] body) {
        CompletionRequest request = JsonBodies.parse(body, CompletionRequest.class);
        RequestContext context = call.context(caller);
        if (request.streaming()) {
            gateway.streamComplete(context, request, new SseSink<>(call.response(), call.eventLoop()));
        } else {
            call.reply(gateway.complete(context, request));
        }
    }

    private void embed(Call call, Caller caller, byte[] body) {
        EmbeddingRequest request = JsonBodies.parse(body, EmbeddingRequest.class);
        call.reply(gateway.embed(call.context(caller), request));
    }

    private static GatewayException unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof GatewayException e) {
            return e;
        }
        return GatewayException.internal(cause);
    }

    /** What an API endpoint does with an authenticated caller and the request body. */
    @FunctionalInterface
    private interface ApiHandler {
        void handle(Call call, Caller caller, byte[] body);
    }

    /** One request's handling. */
    private final class Call {
        private final HttpServerRequest request;
        private final String id;
        private final long startNanos;
        private final Context context = Vertx.currentContext();
        private final SerialExecutor executor = new SerialExecutor(new ContextExecutor(context));
        private boolean counted;

        Call(HttpServerRequest request, String id, long startNanos) {
            this.request = request;
            this.id = id;
            this.startNanos = startNanos;
        }

        HttpServerResponse response() {
            return request.response();
        }

        /** The event loop context the request arrived on, where its callbacks run. */
        Context eventLoop() {
            return context;
        }

        void health(boolean ok, String word) {
            Responses.json(response(), ok ? 200 : 503, Map.of("status", ok ? word : "not " + word));
        }

        void api(HttpMethod method, ApiHandler handler) {
            if (!request.method().equals(method)) {
                response().putHeader(HttpHeaders.ALLOW, method.name());
                refuse(GatewayException.of(405, ErrorType.INVALID_REQUEST,
                        "Method %s is not allowed on %s; use %s.".formatted(request.method(), request.path(), method),
                        null, "method_not_allowed"));
                return;
            }
            started.increment();
            if (inFlight.incrementAndGet() > settings.maxConcurrentRequests()) {
                inFlight.decrementAndGet();
                refuse(new GatewayException(503, new dev.hedge.api.error.ErrorBody(
                        "The gateway is at its limit of %d concurrent requests; retry shortly."
                                .formatted(settings.maxConcurrentRequests()), ErrorType.OVERLOADED, null, "overloaded"),
                        Duration.ofSeconds(1)));
                return;
            }
            counted = true;
            response().endHandler(ignored -> release());
            response().closeHandler(ignored -> release());
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parseLength(length) > settings.maxBodyBytes()) {
                tooLarge();
                return;
            }
            request.pause();
            authenticator.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION))
                    .whenComplete((caller, error) -> executor.execute(() -> {
                        if (error != null) {
                            closeAfterResponse();
                            refuse(unwrap(error));
                            return;
                        }
                        // on the request's executor like its every other callback: what the handler queues
                        // there (a refusal's answer, then its report) runs in order, in this turn
                        readBody(body -> executor.execute(() -> {
                            try {
                                handler.handle(this, caller, body);
                            } catch (GatewayException e) {
                                refuse(e, caller);
                            }
                        }));
                    }));
        }

        private void release() {
            if (counted) {
                counted = false;
                inFlight.decrementAndGet();
            }
        }

        RequestContext context(Caller caller) {
            Cancellation cancellation = Cancellation.create();
            response().closeHandler(ignored -> {
                release();
                cancellation.cancel("client disconnected");
            });
            return new RequestContext(id, caller, executor, cancellation, startNanos);
        }

        <T> void reply(CompletionStage<Reply<T>> reply) {
            reply.whenComplete((answer, error) -> executor.execute(() -> {
                if (error != null) {
                    Responses.error(response(), unwrap(error));
                    return;
                }
                response().putHeader(Responses.DEPLOYMENT_HEADER, answer.served().deployment())
                        .putHeader(Responses.ATTEMPTS_HEADER, String.valueOf(answer.served().attempts()));
                answer.served().route().ifPresent(route -> response().putHeader(Responses.ROUTE_HEADER, route.headerValue()));
                Responses.jsonBytes(response(), 200, answer.json());
            }));
        }

        void refuse(GatewayException error) {
            refuse(error, null);
        }

        void refuse(GatewayException error, @Nullable Caller caller) {
            Responses.error(response(), error);
            logger.answered(id, request.method().name(), request.path(), error.status(),
                    error.error().code() != null ? error.error().code() : error.error().type(),
                    caller == null ? null : caller.keyName(), System.nanoTime() - startNanos);
        }

        void logDone(int status, Caller caller) {
            if (status >= 400) {
                logger.answered(id, request.method().name(), request.path(), status, "http_" + status,
                        caller.keyName(), System.nanoTime() - startNanos);
            }
        }

        /**
         * The request's body will not be read: on HTTP/1.x the connection closes after the answer (the unread
         * body would otherwise be parsed as the next request); on HTTP/2 only this stream ends.
         */
        private void closeAfterResponse() {
            if (request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
                response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        }

        private void tooLarge() {
            closeAfterResponse();
            refuse(GatewayException.of(413, ErrorType.INVALID_REQUEST,
                    "The request body is larger than the limit of %d bytes.".formatted(settings.maxBodyBytes()),
                    null, "request_too_large"));
        }

        private void readBody(Consumer<byte[]> onBody) {
            int limit = settings.maxBodyBytes();
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            // sized by the declared length, up to a megabyte: a length is a claim, and a larger body grows the buffer
            Buffer body = Buffer.buffer(length == null ? 1024
                    : (int) Math.min(Math.min(limit, 1 << 20), Math.max(0, parseLength(length))));
            boolean[] over = new boolean[1];
            request.handler(chunk -> {
                if (over[0]) {
                    return;
                }
                if (body.length() + chunk.length() > limit) {
                    over[0] = true;
                    tooLarge();
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(error -> over[0] = true);
            request.endHandler(ignored -> {
                if (!over[0]) {
                    onBody.accept(Buffers.bytes(body));
                }
            });
            request.resume();
        }

        private long parseLength(String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
