package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.app.cli.Main;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refusal is an OpenAI error envelope with the right status, and nothing hangs. */
class ApiErrorsEndToEndTest {

    private static final String HELLO = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static FakeUpstream upstream;
    private static TestHedge hedge;

    @BeforeAll
    static void start() throws IOException {
        upstream = FakeUpstream.start();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        hedge = TestHedge.start("""
                server: { host: 127.0.0.1, port: 0, max-body-size: 64KiB }
                providers:
                  - name: upstream-a
                    dialect: openai
                    base-url: %s
                  - name: nowhere
                    dialect: openai
                    base-url: http://127.0.0.1:%d/v1
                    connect-timeout: 2s
                models:
                  - name: gpt-4o
                    deployments: [{ provider: upstream-a, model: gpt-4o }]
                  - name: slow
                    timeouts: { first-token: 300ms, total: 500ms }
                    deployments: [{ provider: upstream-a, model: slow }]
                  - name: unreachable
                    deployments: [{ provider: nowhere, model: m }]
                  - name: embedder
                    deployments: [{ provider: upstream-a, model: text-embedding-3-small }]
                """.formatted(upstream.baseUrl(), closedPort));
    }

    @AfterAll
    static void stop() {
        hedge.close();
        upstream.close();
    }

    @AfterEach
    void everyScriptWasUsed() {
        upstream.assertAllConsumed();
        upstream.reset();
    }

    private static JsonNode error(HttpResponse<String> response) throws IOException {
        JsonNode error = Json.tree(response.body().getBytes()).path("error");
        assertThat(error.has("message")).as(response.body()).isTrue();
        assertThat(error.has("type")).isTrue();
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        return error;
    }

    @Test
    void malformedJsonIs400() throws IOException {
        var response = hedge.post("/chat/completions", "{\"model\": \"gpt-4o\", ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response).path("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void missingModelOrMessagesIs400NamingTheParam() throws IOException {
        var noModel = hedge.post("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(noModel.statusCode()).isEqualTo(400);
        assertThat(error(noModel).path("param").asText()).isEqualTo("model");

        var noMessages = hedge.post("/chat/completions", "{\"model\":\"gpt-4o\"}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(error(noMessages).path("param").asText()).isEqualTo("messages");

        var badRole = hedge.post("/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}");
        assertThat(badRole.statusCode()).isEqualTo(400);
        assertThat(error(badRole).path("param").asText()).isEqualTo("messages[0].role");

        var wrongType = hedge.post("/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":5}]}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(error(wrongType).path("param").asText()).isEqualTo("messages[0].content");
    }

    @Test
    void unknownModelIs404ModelNotFound() throws IOException {
        var response = hedge.post("/chat/completions", HELLO.replace("gpt-4o", "gpt-9"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void bodyOverTheLimitIs413() throws IOException {
        String huge = "x".repeat(70 * 1024);
        var response = hedge.post("/chat/completions",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void noKeyOrAWrongKeyIs401() throws IOException {
        var none = hedge.post("/chat/completions", HELLO, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).path("code").asText()).isEqualTo("missing_api_key");

        var wrong = hedge.post("/chat/completions", HELLO, "sk-hedge-notarealkey000000000000000000000");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(wrong.body()).doesNotContain("notarealkey");
    }

    @Test
    void aKeyLimitedToOtherModelsIs403AndSeesOnlyItsModels() throws IOException {
        String key = createKey("limited", "--models", "embedder");

        var response = hedge.post("/chat/completions", HELLO, key);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).path("code").asText()).isEqualTo("model_not_allowed");

        JsonNode models = Json.tree(hedge.get("/v1/models", key).body().getBytes()).path("data");
        assertThat(models).hasSize(1);
        assertThat(models.get(0).path("id").asText()).isEqualTo("embedder");
    }

    @Test
    void aKeyCreatedWhileTheServerRunsWorksAtOnceAndStopsWhenRevoked() throws IOException {
        String key = createKey("fresh");
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o", "ok", 3, 1)));

        assertThat(hedge.post("/chat/completions", HELLO, key).statusCode()).isEqualTo(200);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"keys", "revoke", "fresh", "--data-dir", hedge.dataDir().toString()},
                new PrintWriter(out), new PrintWriter(err, true));
        assertThat(exit).as("hedge keys revoke: %s", err).isZero();
        // another process revoked it: this server learns when its key cache entry (5 s) expires
        long deadline = System.nanoTime() + 15_000_000_000L;
        int status = hedge.get("/v1/models", key).statusCode();
        while (status == 200 && System.nanoTime() < deadline) {
            sleepBriefly();
            status = hedge.get("/v1/models", key).statusCode();
        }
        assertThat(status).isEqualTo(401);
    }

    @Test
    void unreachableUpstreamIs502() throws IOException {
        var response = hedge.post("/chat/completions", HELLO.replace("gpt-4o", "unreachable"));
        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode error = error(response);
        assertThat(error.path("code").asText()).isEqualTo("upstream_unreachable");
        assertThat(error.path("message").asText()).contains("nowhere");
    }

    @Test
    void upstreamTimeoutIs504AndTheUpstreamIsHungUpOn() throws Exception {
        upstream.enqueue(Script.hang());
        var response = hedge.post("/chat/completions", HELLO.replace("gpt-4o", "slow"));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_timeout");
        upstream.lastRequest().connectionClosed().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void streamedUpstreamTimeoutIs504BeforeAnyByte() throws Exception {
        upstream.enqueue(Script.stream().thenHang());
        var response = hedge.post("/chat/completions",
                HELLO.replace("gpt-4o", "slow").replace("{\"model\"", "{\"stream\":true,\"model\""));
        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(error(response).path("code").asText()).isEqualTo("upstream_timeout");
        upstream.lastRequest().connectionClosed().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void unknownPathAndWrongMethodAreOpenAiErrors() throws IOException {
        var unknown = hedge.post("/nope", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        error(unknown);
        var wrongMethod = hedge.get("/v1/chat/completions", TestHedge.MASTER_KEY);
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        error(wrongMethod);
    }

    @Test
    void completionsAndEmbeddingsPassThrough() throws IOException {
        upstream.enqueue(Script.ok(Map.of("id", "cmpl-1", "object", "text_completion", "created", 1, "model", "gpt-4o",
                "choices", java.util.List.of(Map.of("text", "done", "index", 0, "finish_reason", "stop")),
                "usage", OpenAiFixtures.usage(4, 1))));
        var completion = hedge.post("/completions", "{\"model\":\"gpt-4o\",\"prompt\":\"Say done\",\"max_tokens\":3}");
        assertThat(completion.statusCode()).isEqualTo(200);
        assertThat(Json.tree(completion.body().getBytes()).path("choices").get(0).path("text").asText()).isEqualTo("done");
        assertThat(upstream.lastRequest().uri()).isEqualTo("/v1/completions");

        upstream.enqueue(Script.ok(Map.of("object", "list", "model", "text-embedding-3-small",
                "data", java.util.List.of(Map.of("object", "embedding", "index", 0, "embedding", java.util.List.of(0.5, -0.25))),
                "usage", Map.of("prompt_tokens", 2, "total_tokens", 2))));
        var embedding = hedge.post("/embeddings", "{\"model\":\"embedder\",\"input\":\"hello\"}");
        assertThat(embedding.statusCode()).isEqualTo(200);
        JsonNode vector = Json.tree(embedding.body().getBytes()).path("data").get(0).path("embedding");
        assertThat(vector.get(0).asDouble()).isEqualTo(0.5);
        assertThat(upstream.lastRequest().json().path("model").asText()).isEqualTo("text-embedding-3-small");
    }

    @Test
    void healthAndReadinessNeedNoKey() {
        assertThat(hedge.get("/healthz", null).statusCode()).isEqualTo(200);
        assertThat(hedge.get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(hedge.get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(hedge.awaitMetrics("hedge_requests_total")).contains("hedge_requests_total");
    }

    private static String createKey(String name, String... extra) {
        StringWriter out = new StringWriter();
        String[] args = new String[4 + extra.length + 2];
        args[0] = "keys";
        args[1] = "create";
        args[2] = "--name";
        args[3] = name;
        System.arraycopy(extra, 0, args, 4, extra.length);
        args[args.length - 2] = "--data-dir";
        args[args.length - 1] = hedge.dataDir().toString();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(exit).isZero();
        String key = out.toString().strip();
        assertThat(key).startsWith("sk-hedge-");
        return key;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
