package dev.hedge.providers.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.error.ErrorBody;
import dev.hedge.api.json.Json;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.provider.Cancellation;
import dev.hedge.core.provider.ProviderException;
import dev.hedge.core.provider.UpstreamCall;
import dev.hedge.core.provider.UpstreamStream;
import dev.hedge.core.time.Cancellable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One supplier's HTTP side: a pooled client bound to its base URL, requests that stop when their
 * {@link Cancellation} is raised, bounded body reads and error answers turned into
 * {@link ProviderException}s. Thread-safe.
 *
 * <p>Each event loop has its own connection pool: a request sent from an event loop goes out on a connection of
 * that loop, so its upstream I/O and its callbacks run on the thread that serves its client. (One shared pool
 * hands a connection of one loop to a request of another, and every answer then hops between threads: a
 * wake-up of the other loop per request.) Requests sent from other threads share one more pool.
 */
public final class UpstreamHttp implements AutoCloseable {

    /** The largest one-piece answer read from a supplier. */
    public static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    /** The largest error body read (the rest is dropped). */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final ProviderSpec spec;
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    /** The pools of the event loops that sent requests so far, by the loop's thread. */
    private final ConcurrentHashMap<Thread, HttpClientAgent> clients = new ConcurrentHashMap<>();
    /** The pool of requests sent from threads that are not event loops (of every request without per-loop pools). */
    private final HttpClientAgent shared;
    private final boolean perLoop;
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final List<Secret> secrets;

    public UpstreamHttp(Vertx vertx, ProviderSpec spec) {
        this.spec = spec;
        this.vertx = vertx;
        URI base = spec.baseUrl();
        this.ssl = "https".equalsIgnoreCase(base.getScheme());
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        List<Secret> known = new ArrayList<>(spec.headers().values());
        spec.apiKey().ifPresent(known::add);
        this.secrets = List.copyOf(known);
        this.options = new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, spec.connectTimeout().toMillis()))
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(true)
                .setSsl(ssl)
                .setVerifyHost(ssl)
                .setMaxHeaderSize(64 * 1024);
        int loops = vertx instanceof VertxInternal internal ? count(internal.eventLoopGroup()) : 1;
        // fewer connections than loops cannot be shared out: then one pool serves every loop
        this.perLoop = spec.maxConnections() >= loops;
        this.pool = new PoolOptions().setHttp1MaxSize(perLoop ? spec.maxConnections() / loops : spec.maxConnections())
                .setMaxWaitQueueSize(-1);
        this.shared = newClient();
    }

    private static int count(Iterable<?> executors) {
        int n = 0;
        for (Object ignored : executors) {
            n++;
        }
        return Math.max(1, n);
    }

    private HttpClientAgent newClient() {
        return vertx.httpClientBuilder().with(options).with(pool).build();
    }

    /**
     * The pool for the calling thread: its event loop's own, else the shared one. Each pool may open an equal
     * share of the provider's {@code max-connections} (the pools of the event loops together open at most that
     * many; requests from other threads, which are rare, have one more share).
     */
    private HttpClientAgent client() {
        Context context = Vertx.currentContext();
        if (!perLoop || context == null || context.owner() != vertx || !Context.isOnEventLoopThread()) {
            return shared;
        }
        Thread loop = Thread.currentThread();
        HttpClientAgent client = clients.get(loop);
        return client != null ? client : clients.computeIfAbsent(loop, ignored -> newClient());
    }

    public ProviderSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /**
     * Headers for a JSON request: content type, what is accepted, the credential as the dialect sends it,
     * then the provider's configured headers (which may override it).
     */
    public MultiMap jsonHeaders(boolean stream, java.util.function.Consumer<MultiMap> credential) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("content-type", "application/json")
                .set("accept", stream ? "text/event-stream" : "application/json");
        credential.accept(headers);
        spec.headers().forEach((name, value) -> headers.set(name, value.reveal()));
        return headers;
    }

    /** The credentials this provider sends, for scrubbing them out of anything shown. */
    public List<Secret> secrets() {
        return secrets;
    }

    /**
     * Sends {@code body} to {@code path} (relative to the base URL, with its own query) and completes with
     * the response head, paused: read it with {@link #readBody} or hand it to an {@link SseUpstreamStream}.
     * A raised cancellation resets the request at once.
     *
     * @return the response (any status), or a failed stage with {@link ProviderException.Kind#CONNECT},
     *     {@link ProviderException.Kind#IO} or {@link ProviderException.Kind#CANCELLED}
     */
    public CompletionStage<Exchange> post(String path, MultiMap headers, Buffer body, Cancellation cancellation) {
        return post(path, headers, body, cancellation, java.util.Optional.empty());
    }

    /**
     * {@link #post(String, MultiMap, Buffer, Cancellation)} with a connect timeout of the model's on top of the
     * provider's: whichever is shorter bounds the wait for a connection (pool wait included).
     */
    public CompletionStage<Exchange> post(String path, MultiMap headers, Buffer body, Cancellation cancellation,
            java.util.Optional<java.time.Duration> connectTimeout) {
        CompletableFuture<Exchange> result = new CompletableFuture<>();
        if (cancellation.isCancelled()) {
            result.completeExceptionally(ProviderException.cancelled(name(), cancellation.reason()));
            return result;
        }
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(basePath + path)
                .setHeaders(headers);
        connectTimeout.ifPresent(timeout -> options.setConnectTimeout(
                Math.max(1, Math.min(timeout.toMillis(), spec.connectTimeout().toMillis()))));
        client().request(options).onComplete(opened -> {
            if (opened.failed()) {
                result.completeExceptionally(cancellation.isCancelled()
                        ? ProviderException.cancelled(name(), cancellation.reason())
                        : ProviderException.connect(name(), describe(opened.cause()), opened.cause()));
                return;
            }
            HttpClientRequest request = opened.result();
            Cancellable unregister = cancellation.onCancel(() -> request.reset());
            request.send(body).onComplete(sent -> {
                if (sent.failed()) {
                    unregister.cancel();
                    result.completeExceptionally(failure(sent.cause(), cancellation));
                    return;
                }
                HttpClientResponse response = sent.result();
                response.pause();
                result.complete(new Exchange(request, response, cancellation, unregister));
            });
        });
        return result;
    }

    /**
     * Reads the whole body (up to {@code limit} bytes) and applies {@code parse}; a non-2xx status fails with
     * the supplier's error.
     */
    public <T> CompletionStage<T> readBody(Exchange exchange, int limit, Function<Buffer, T> parse) {
        CompletableFuture<T> result = new CompletableFuture<>();
        HttpClientResponse response = exchange.response();
        boolean ok = response.statusCode() / 100 == 2;
        int cap = ok ? limit : MAX_ERROR_BYTES;
        Buffer body = Buffer.buffer(initialCapacity(response.getHeader(HttpHeaders.CONTENT_LENGTH), cap));
        response.handler(chunk -> {
            if (body.length() < cap) {
                body.appendBuffer(chunk.length() <= cap - body.length() ? chunk : chunk.slice(0, cap - body.length()));
            } else if (ok) {
                exchange.unregister().cancel();
                exchange.request().reset();
                result.completeExceptionally(ProviderException.protocol(name(),
                        "answer larger than %d bytes".formatted(limit), null));
            }
        });
        response.exceptionHandler(error -> {
            exchange.unregister().cancel();
            result.completeExceptionally(failure(error, exchange.cancellation()));
        });
        response.endHandler(done -> {
            exchange.unregister().cancel();
            if (result.isDone()) {
                return;
            }
            if (!ok) {
                result.completeExceptionally(errorFrom(response, body.getBytes()));
                return;
            }
            try {
                result.complete(parse.apply(body));
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(ProviderException.protocol(name(),
                        "unreadable answer: " + e.getMessage(), e));
            }
        });
        response.resume();
        return result;
    }

    /** {@code body} as a buffer over the same array: {@code Buffer.buffer(byte[])} copies it. */
    private static Buffer wrap(byte[] body) {
        return BufferInternal.buffer(Unpooled.wrappedBuffer(body));
    }

    /**
     * The bytes of a body read whole: the buffer's own array when it fills it exactly (a body of its declared
     * length, {@link #initialCapacity}), else a copy.
     */
    private static byte[] bytes(Buffer body) {
        ByteBuf bytes = ((BufferInternal) body).getByteBuf();
        if (bytes.hasArray() && bytes.arrayOffset() == 0 && bytes.readerIndex() == 0
                && bytes.readableBytes() == bytes.array().length) {
            return bytes.array();
        }
        return body.getBytes();
    }

    /**
     * The declared length, so that a body is read into one buffer without growing it; bounded by {@code cap} and by
     * a megabyte (a length is a claim: a larger body grows the buffer as it arrives).
     */
    static int initialCapacity(@Nullable String contentLength, int cap) {
        if (contentLength != null) {
            try {
                return (int) Math.max(0, Math.min(Math.min(cap, 1 << 20), Long.parseLong(contentLength.trim())));
            } catch (NumberFormatException e) {
                // a malformed length is the decoder's to refuse; read as if there were none
            }
        }
        return Math.min(cap, 1024);
    }

    /**
     * Sends a JSON request and reads a JSON answer: {@code read} gets the body of a 2xx answer; any other
     * status fails with the supplier's error.
     */
    public <T> CompletionStage<T> exchangeJson(String path, MultiMap headers, byte[] body, UpstreamCall<?> call,
            Function<byte[], T> read) {
        return post(path, headers, wrap(body), call.cancellation(), call.connectTimeout())
                .thenCompose(exchange -> exchange.response().statusCode() / 100 == 2
                        ? readBody(exchange, MAX_BODY_BYTES, answer -> read.apply(bytes(answer)))
                        : failWithBody(exchange));
    }

    /**
     * Sends a JSON request for a server-sent-event answer decoded by {@code decoder}. A non-2xx status fails
     * with the supplier's error; a 2xx JSON body where a stream was due fails as the error it carries (or as
     * a protocol error).
     */
    public <T> CompletionStage<UpstreamStream<T>> exchangeStream(String path, MultiMap headers, byte[] body,
            UpstreamCall<?> call, SseDecoder<T> decoder) {
        return post(path, headers, wrap(body), call.cancellation(), call.connectTimeout())
                .thenCompose(exchange -> {
                    if (exchange.response().statusCode() / 100 != 2) {
                        return failWithBody(exchange);
                    }
                    String type = exchange.response().getHeader("content-type");
                    if (type != null && type.startsWith("application/json")) {
                        // a server that answers a stream request with one JSON body: usually an error object
                        return readBody(exchange, MAX_BODY_BYTES, answer -> {
                            throw jsonInsteadOfStream(answer.getBytes());
                        });
                    }
                    return CompletableFuture.completedFuture(new SseUpstreamStream<>(this, exchange, decoder));
                });
    }

    private ProviderException jsonInsteadOfStream(byte[] body) {
        ErrorBody error = null;
        boolean hasError = false;
        try {
            JsonNode node = Json.tree(body);
            hasError = node != null && node.has("error");
            error = hasError ? UpstreamErrors.fromNode(500, node) : null;
        } catch (IOException e) {
            throw ProviderException.protocol(name(), "malformed JSON: " + e.getMessage(), e);
        }
        if (error != null) {
            return ProviderException.streamError(name(), 502, new ErrorBody(Secret.scrub(error.message(), secrets),
                    error.type(), error.param(), error.code()));
        }
        return ProviderException.protocol(name(), "asked for a stream, got a single JSON answer", null);
    }

    /** The error a non-2xx answer stands for, with the supplier's message and Retry-After. */
    public ProviderException errorFrom(HttpClientResponse response, byte[] body) {
        return ProviderException.status(name(), response.statusCode(),
                UpstreamErrors.parse(response.statusCode(), body, secrets),
                RetryAfter.parse(response.headers(), Instant.now()));
    }

    /** Fails a paused non-2xx response with the supplier's error after reading its body. */
    public <T> CompletionStage<T> failWithBody(Exchange exchange) {
        return readBody(exchange, MAX_ERROR_BYTES, body -> {
            throw errorFrom(exchange.response(), body.getBytes());
        });
    }

    ProviderException failure(Throwable error, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            return ProviderException.cancelled(name(), cancellation.reason());
        }
        return ProviderException.io(name(), describe(error), error);
    }

    private static String describe(Throwable error) {
        if (error instanceof UnknownHostException || error instanceof UnresolvedAddressException) {
            return "unknown host: " + error.getMessage();
        }
        if (error instanceof ConnectException) {
            return "connection refused or failed: " + error.getMessage();
        }
        String message = error.getMessage();
        return message == null ? error.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        shared.close();
        clients.values().forEach(HttpClientAgent::close);
    }

    /**
     * A request on the wire and its (paused) response.
     *
     * @param unregister stops the cancellation from resetting the request once it is over
     */
    public record Exchange(HttpClientRequest request, HttpClientResponse response, Cancellation cancellation,
            Cancellable unregister) {}
}
