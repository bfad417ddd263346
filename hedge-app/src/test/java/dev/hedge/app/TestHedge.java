package dev.hedge.app;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.hedge.app.config.ConfigLoader;
import dev.hedge.app.config.HedgeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A real Hedge for a test: started from YAML on 127.0.0.1 and a free port, with its own data directory,
 * and clients for it (the official OpenAI SDK, and plain HTTP for exact wire checks).
 */
public final class TestHedge implements AutoCloseable {

    public static final String MASTER_KEY = "sk-test-master-0123456789";

    private final HedgeApp app;
    private final Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHedge(HedgeApp app, Path dataDir) {
        this.app = app;
        this.dataDir = dataDir;
    }

    /** Starts Hedge with {@code yaml} (a {@code server} section is added when missing) and the given environment. */
    public static TestHedge start(String yaml, Map<String, String> env) {
        try {
            Path dataDir = Files.createTempDirectory("hedge-test-");
            Map<String, String> environment = new java.util.HashMap<>(env);
            environment.putIfAbsent("HEDGE_MASTER_KEY", MASTER_KEY);
            String full = yaml.contains("server:") ? yaml : "server: { host: 127.0.0.1, port: 0 }\n" + yaml;
            HedgeConfig config = new ConfigLoader(name -> Optional.ofNullable(environment.get(name)))
                    .parse(full, Optional.empty());
            return new TestHedge(HedgeApp.start(config, dataDir), dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestHedge start(String yaml) {
        return start(yaml, Map.of());
    }

    /**
     * The configuration the ledger tests share: one OpenAI-compatible provider {@code fake} at {@code baseUrl} serving
     * {@code gpt-4o-mini}, local embeddings off. Add sections such as {@code server} or {@code store} before it.
     */
    public static String oneFakeModel(String baseUrl) {
        return """
                providers:
                  - name: fake
                    dialect: openai
                    base-url: %s
                models:
                  - name: gpt-4o-mini
                    deployments:
                      - provider: fake
                        model: gpt-4o-mini
                local: { embeddings: false }
                """.formatted(baseUrl);
    }

    public HedgeApp app() {
        return app;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:PORT/v1} */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** The official OpenAI SDK, pointed at this Hedge, retries off so every call is one request. */
    public OpenAIClient client(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl())
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    public OpenAIClient client() {
        return client(MASTER_KEY);
    }

    /** POSTs {@code json} to {@code path} (under /v1) with {@code key}; null key sends no Authorization. */
    public HttpResponse<String> post(String path, String json, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    public HttpResponse<String> post(String path, String json) {
        return post(path, json, MASTER_KEY);
    }

    /**
     * Writes a POST of {@code json} to /v1/chat/completions, with the master key, straight onto {@code socket}, in
     * one write: for tests that must hold the client's end of the connection (leave mid-stream, stop reading).
     */
    public static void writeChatRequest(Socket socket, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer " + MASTER_KEY
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        out.write(ByteBuffer.allocate(head.length + body.length).put(head).put(body).array());
        out.flush();
    }

    public HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    public HttpClient http() {
        return http;
    }

    /**
     * Scrapes {@code /metrics} until it contains every one of {@code expected}, and returns that scrape (the last
     * one when the deadline passed, for the caller's assertion to show). Request metrics are updated just after
     * an answer's last byte, so a scrape right after an answer may miss them by microseconds.
     */
    public String awaitMetrics(String... expected) {
        String[] scrape = {""};
        try {
            await(() -> {
                scrape[0] = get("/metrics", MASTER_KEY).body();
                return java.util.Arrays.stream(expected).allMatch(scrape[0]::contains);
            }, "metrics");
        } catch (AssertionError timedOut) {
            // the caller asserts on the scrape and names what is missing
        }
        return scrape[0];
    }

    /** Waits (polling every 10 ms, 15 s at most) until {@code condition} holds; fails naming {@code what}. */
    public static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
