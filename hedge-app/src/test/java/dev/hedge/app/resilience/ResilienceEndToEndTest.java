package dev.hedge.app.resilience;

import static dev.hedge.app.TestHedge.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hedge.api.json.Json;
import dev.hedge.app.TestHedge;
import dev.hedge.app.config.ConfigException;
import dev.hedge.app.config.ConfigLoader;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.RoutingPolicy;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.Fault;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries, breakers, concurrency limits, hedging and the admin view, through a real Hedge and the OpenAI SDK. */
class ResilienceEndToEndTest {

    private static FakeUpstream primary;
    private static FakeUpstream backup;
    private static TestHedge hedge;
    private static OpenAIClient client;

    @BeforeAll
    static void start() {
        primary = FakeUpstream.start();
        backup = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - { name: primary, dialect: openai, base-url: "%s" }
                  - { name: backup, dialect: openai, base-url: "%s" }
                models:
                  - name: retrying
                    retries: { max: 2, initial-backoff: 10ms }
                    deployments: [ { provider: primary, model: m-retry } ]
                  - name: tripping
                    breaker: { consecutive-failures: 1, open-for: 1h }
                    deployments: [ { provider: primary, model: m-trip }, { provider: backup, model: m-backup } ]
                  - name: limited
                    deployments: [ { provider: primary, model: m-limited, max-concurrency: 1 } ]
                  - name: hedged
                    hedge: { after: 100ms }
                    timeouts: { total: 20s }
                    deployments: [ { provider: primary, model: m-slow }, { provider: backup, model: m-backup } ]
                """.formatted(primary.baseUrl(), backup.baseUrl()));
        client = hedge.client();
    }

    @AfterAll
    static void stop() {
        hedge.close();
        primary.close();
        backup.close();
    }

    @AfterEach
    void nothingLeftHanging() {
        FaultMatrixEndToEndTest.settle(hedge, primary, backup);
    }

    private static ChatCompletionCreateParams ask(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("hi").build();
    }

    @Test
    void retriesRespectingRetryAfterMsUntilTheDeploymentAnswers() {
        primary.enqueue(Script.status(503).header("retry-after-ms", "20").json(Map.of("error", Map.of("message", "busy"))),
                Script.status(429).header("retry-after", "0").json(Map.of("error", Map.of("message", "slow"))),
                Script.ok(OpenAiFixtures.completion("m-retry", "third time", 3, 2)));

        ChatCompletion answer = client.chat().completions().create(ask("retrying"));

        assertThat(answer.choices().getFirst().message().content()).contains("third time");
        assertThat(primary.requests()).hasSize(3);
    }

    @Test
    void aStreamFailsOverBeforeItsFirstTokenThroughTheSdk() {
        primary.enqueue(Fault.HTTP_503.script(true, "m-slow"));
        backup.enqueue(Fault.healthy(true, "m-backup", "from the backup"));

        StringBuilder text = new StringBuilder();
        try (var stream = client.chat().completions().createStreaming(ask("hedged"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(
                    choice -> choice.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).isEqualTo("from the backup");
        assertThat(primary.requests()).hasSize(1);
        assertThat(backup.requests()).hasSize(1);
    }

    @Test
    void neverRetriesABadRequest() {
        primary.enqueue(Script.error(400, "invalid_request_error", "bad temperature"));

        assertThatThrownBy(() -> client.chat().completions().create(ask("retrying")))
                .isInstanceOf(com.openai.errors.BadRequestException.class)
                .hasMessageContaining("bad temperature");
        assertThat(primary.requests()).hasSize(1);
    }

    @Test
    void anOpenBreakerKeepsRequestsAwayAndTheAdminViewShowsIt() throws IOException {
        primary.enqueue(Script.error(500, "server_error", "down"));
        backup.enqueue(Fault.healthy(false, "m-backup", "one"), Fault.healthy(false, "m-backup", "two"));

        assertThat(client.chat().completions().create(ask("tripping")).choices().getFirst().message().content())
                .contains("one");
        assertThat(client.chat().completions().create(ask("tripping")).choices().getFirst().message().content())
                .contains("two");
        assertThat(primary.requests()).as("the second request skipped the open breaker").hasSize(1);

        HttpResponse<String> admin = hedge.get("/admin/deployments", TestHedge.MASTER_KEY);
        assertThat(admin.statusCode()).isEqualTo(200);
        JsonNode tripped = deployment(Json.tree(admin.body().getBytes()), "primary/m-trip");
        assertThat(tripped.path("breaker").path("state").asText()).isEqualTo("open");
        assertThat(tripped.path("failures").asLong()).isEqualTo(1);
        assertThat(tripped.path("in_flight").asInt()).isZero();
        JsonNode served = deployment(Json.tree(admin.body().getBytes()), "backup/m-backup");
        assertThat(served.path("breaker").path("state").asText()).isEqualTo("closed");
        assertThat(served.path("calls").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(served.path("latency_ms").path("p95").asDouble()).isPositive();
        assertThat(served.path("error_rate").asDouble()).isZero();

        assertThat(hedge.get("/admin/deployments", null).statusCode()).isEqualTo(401);
    }

    private static JsonNode deployment(JsonNode list, String id) {
        for (JsonNode entry : list.path("data")) {
            if (entry.path("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no deployment " + id + " in " + list);
    }

    @Test
    void beyondMaxConcurrencyTheAnswerIs503WithRetryAfter() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        primary.enqueue(Script.stream().await(release).event(OpenAiFixtures.contentChunk("m-limited", "done"))
                .event(OpenAiFixtures.finishChunk("m-limited", "stop")).done());
        CompletableFuture<HttpResponse<String>> first = hedge.http().sendAsync(HttpRequest.newBuilder(
                        URI.create(hedge.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + TestHedge.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"limited\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        await(() -> primary.requests().size() == 1, "the first request did not reach the upstream");

        HttpResponse<String> second = hedge.post("/chat/completions",
                "{\"model\":\"limited\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.headers().firstValue("retry-after")).isPresent();
        assertThat(second.body()).contains("at max-concurrency");

        release.complete(null);
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(first.get().body()).contains("done");
        assertThat(primary.requests()).hasSize(1);
    }

    @Test
    void aHedgedStreamIsServedByTheBackupAndTheSlowAttemptIsCancelled() {
        primary.enqueue(Script.hang());
        backup.enqueue(Fault.healthy(true, "m-backup", "hedged"));

        HttpResponse<String> response = hedge.post("/chat/completions",
                "{\"model\":\"hedged\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("hedged").contains("data: [DONE]");
        assertThat(response.headers().firstValue("x-hedge-deployment")).contains("backup/m-backup");
        assertThat(response.headers().firstValue("x-hedge-attempts")).contains("2");
        assertThat(primary.requests()).hasSize(1);
    }

    @Test
    void configurationNamesEveryPolicyAndRefusesAnUnknownOne() {
        ConfigLoader loader = new ConfigLoader(name -> Optional.empty());
        String yaml = """
                providers: [ { name: p, dialect: openai, base-url: "http://127.0.0.1:1/v1" } ]
                models:
                  - name: m
                    policy: %s
                    timeouts: { connect: 250ms }
                    hedge: { after: p95 }
                    deployments: [ { provider: p, model: x } ]
                """;
        for (RoutingPolicy policy : RoutingPolicy.values()) {
            ModelSpec model = loader.parse(yaml.formatted(policy.configName()), Optional.empty()).models().getFirst();
            assertThat(model.policy()).isEqualTo(policy);
            assertThat(model.timeouts().connect()).contains(Duration.ofMillis(250));
            assertThat(model.hedging()).isPresent();
        }
        assertThatThrownBy(() -> loader.parse(yaml.formatted("round-robin"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("models[0].policy")
                .hasMessageContaining("'round-robin' is not a routing policy (expected one of: fallback, weighted, least-latency, cheapest)");
        assertThatThrownBy(() -> loader.parse(yaml.formatted("fallback").replace("hedge: { after: p95 }",
                "retries: { max: -1 }"), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retries.max");
    }
}
