package dev.hedge.app.cli;

import dev.hedge.app.HedgeApp;
import dev.hedge.app.admin.KeyAdmin;
import dev.hedge.app.config.ConfigLoader;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.core.admission.Limits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The launcher's AOT training run (JEP 514/515): starts Hedge as {@code hedge serve --config} does, in front of a
 * small OpenAI-shaped upstream of its own on loopback, and sends it the requests users send (chat in one piece and
 * streamed, models, metrics, readiness, and the common errors). The JVM records which classes that loads and links,
 * and how the code ran (method profiles), into the cache; a server started from it starts sooner and reaches full
 * speed sooner. Nothing leaves the machine; everything it writes is under {@code dir}.
 */
final class AotTraining {

    /** Rounds of requests; enough for the JVM to profile the request path, short enough to stay a few seconds. */
    private static final int ROUNDS = 150;
    private static final int CHUNKS = 5;

    private AotTraining() {}

    /** Runs the training in {@code dir}; returns the number of requests answered as expected. */
    static int run(Path dir) {
        Vertx vertx = Vertx.vertx();
        Context context = vertx.getOrCreateContext();
        try {
            HttpServer upstream = vertx.createHttpServer().requestHandler(AotTraining::upstream)
                    .listen(0, "127.0.0.1").await();
            HedgeConfig config = ConfigLoader.withSystemEnvironment().load(writeConfig(dir, upstream.actualPort()));
            try (HedgeApp app = HedgeApp.start(config, dir.resolve("data"))) {
                String key = new KeyAdmin(app.store(), Clock.systemUTC())
                        .createKey("aot-training", Optional.empty(), List.of(), Limits.NONE).secret();
                Client client = new Client(context, vertx.createHttpClient(), app.port());
                int expected = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    List<Future<Boolean>> sent = new ArrayList<>();
                    sent.add(client.send(HttpMethod.POST, "/v1/chat/completions", key, chat(false), 200));
                    sent.add(client.send(HttpMethod.POST, "/v1/chat/completions", key, chat(true), 200));
                    if (round % 10 == 0) {
                        sent.add(client.send(HttpMethod.GET, "/v1/models", key, "", 200));
                        sent.add(client.send(HttpMethod.GET, "/readyz", "", "", 200));
                        sent.add(client.send(HttpMethod.GET, "/metrics", "", "", 200));
                        sent.add(client.send(HttpMethod.POST, "/v1/chat/completions", key, "{", 400));
                        sent.add(client.send(HttpMethod.POST, "/v1/chat/completions", "sk-hedge-unknown",
                                chat(false), 401));
                        sent.add(client.send(HttpMethod.POST, "/v1/chat/completions", key,
                                chat(false).replace("gpt-4o-mini", "no-such-model"), 404));
                    }
                    for (Future<Boolean> answer : sent) {
                        if (answer.await(30, TimeUnit.SECONDS)) {
                            expected++;
                        }
                    }
                }
                client.http.close().await();
                return expected;
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("AOT training: a request took more than 30 s", e);
        } finally {
            vertx.close().await();
        }
    }

    private static Path writeConfig(Path dir, int upstreamPort) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("hedge.yaml"), """
                    server: { host: 127.0.0.1, port: 0 }
                    providers:
                      - name: training
                        dialect: openai
                        base-url: http://127.0.0.1:%d/v1
                        api-key: sk-training
                    models:
                      - name: gpt-4o-mini
                        deployments:
                          - provider: training
                            model: gpt-4o-mini
                            input-usd-per-mtok: 0.15
                            output-usd-per-mtok: 0.60
                    """.formatted(upstreamPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chat(boolean stream) {
        return """
                {"model":"gpt-4o-mini","stream":%s,"messages":[{"role":"system","content":"Be brief."},\
                {"role":"user","content":"Say hello to the training run."}]}""".formatted(stream);
    }

    /** Hedge's port, and the client that sends it the training's requests from one Vert.x context. */
    private record Client(Context context, HttpClient http, int port) {

        /**
         * Sends one request; the future holds whether the status was {@code status} (the body is read to its end).
         *
         * <p>The request and every step after it are set up on {@link #context}, not on the calling thread. A chain
         * of futures built from a thread outside Vert.x can attach its last step after the answer's body has
         * already gone by: a calling thread descheduled between two {@code compose} calls (a busy machine) lets the
         * whole exchange finish on the event loop first, and {@code response.body()} asked for after the body was
         * delivered never completes (vert.x issues 5825 and 5904). On the context, each step is attached in the
         * same turn that made the step before it, so none is late.
         */
        Future<Boolean> send(HttpMethod method, String path, String key, String body, int status) {
            RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port)
                    .setURI(path);
            if (!key.isEmpty()) {
                options.putHeader("authorization", "Bearer " + key);
            }
            if (!body.isEmpty()) {
                options.putHeader("content-type", "application/json");
            }
            Promise<Boolean> answered = Promise.promise();
            context.runOnContext(ignored -> http.request(options)
                    .compose(request -> body.isEmpty() ? request.send() : request.send(body))
                    .compose(response -> response.body().map(read -> response))
                    .map(response -> response.statusCode() == status)
                    .otherwise(false)
                    .onComplete(answered));
            return answered.future();
        }
    }

    /** The upstream: a fixed chat.completion, or CHUNKS chunks, a usage chunk and [DONE] when the body asks to stream. */
    private static void upstream(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            String text = body.toString();
            if (!text.contains("\"stream\":true")) {
                request.response().putHeader("content-type", "application/json").end("""
                        {"id":"chatcmpl-training","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini",\
                        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello, training run."},\
                        "finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}""");
                return;
            }
            var response = request.response().setChunked(true).putHeader("content-type", "text/event-stream");
            for (int i = 0; i < CHUNKS; i++) {
                response.write(Buffer.buffer("""
                        data: {"id":"chatcmpl-training","object":"chat.completion.chunk","created":1700000000,\
                        "model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"word%d "},"finish_reason":null}]}

                        """.formatted(i)));
            }
            response.write("""
                    data: {"id":"chatcmpl-training","object":"chat.completion.chunk","created":1700000000,\
                    "model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

                    data: {"id":"chatcmpl-training","object":"chat.completion.chunk","created":1700000000,\
                    "model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}}

                    data: [DONE]

                    """);
            response.end();
        });
    }
}
