package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.RecordedRequest;
import dev.hedge.testing.Script;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The proof of issue 4: three real {@code hedge serve} processes on loopback sharing the real PostgreSQL
 * (ledger, keys; a fresh schema) and Redis (budgets, limits; a random key prefix), in front of one fake
 * upstream. Budgets and rate limits hold across the processes, spend equals what the upstream served
 * priced by the catalog, and a process killed with SIGKILL loses no ledger record of an answer a client got.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProofTest {

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    /** Upstream-reported usage of every answer: 10 × $0.15 + 50 × $0.60 per Mtok = 31.5 → 32 micro-dollars. */
    private static final int PROMPT_TOKENS = 10;
    private static final int OUTPUT_TOKENS = 50;
    private static final long UNIT_COST = 32;
    private static final String CHAT = """
            {"model":"gpt-4o-mini","max_tokens":50,"messages":[{"role":"user","content":"Please summarise the \
            quarterly figures for the board in three short sentences."}]}""";

    private static final String schema = "hedge_ledger_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String prefix = "hedge-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static final List<HedgeProcess> nodes = new ArrayList<>();
    private static FakeUpstream upstream;
    private static Path dir;
    private static HttpClient http;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws Exception {
        try (Connection connection = DriverManager.getConnection(PG, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        upstream = FakeUpstream.start();
        upstream.fallback(request -> Script.delayed(Duration.ofMillis(5), OpenAiFixtures.answer(
                request.bodyText().contains("\"stream\":true"), "gpt-4o-mini", "Figures are up.", PROMPT_TOKENS,
                OUTPUT_TOKENS)));
        dir = Files.createTempDirectory("hedge-cluster-");
        Path config = dir.resolve("hedge.yaml");
        Files.writeString(config, """
                server: { host: 127.0.0.1, port: 0, event-loops: 1 }
                store: postgres://postgres@127.0.0.1:5432/test?currentSchema=%s
                shared-state: redis://127.0.0.1:6379
                shared-state-prefix: "%s"
                shared-state-timeout: 30s        # this machine's 2 cores are shared by five builds
                """.formatted(schema, prefix) + TestHedge.oneFakeModel(upstream.baseUrl()));
        // the first process migrates the schema; the others start together
        nodes.add(HedgeProcess.start(config, dir.resolve("node-0")));
        List<CompletableFuture<HedgeProcess>> starting = new ArrayList<>();
        for (int i = 1; i < 3; i++) {
            Path data = dir.resolve("node-" + i);
            starting.add(CompletableFuture.supplyAsync(() -> HedgeProcess.start(config, data)));
        }
        for (CompletableFuture<HedgeProcess> node : starting) {
            nodes.add(node.get(120, TimeUnit.SECONDS));
        }
        clients = Executors.newFixedThreadPool(32);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clients)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (HedgeProcess node : nodes) {
            System.out.println("---- hedge serve on port " + node.port() + " ----\n" + node.output());
        }
        nodes.forEach(HedgeProcess::close);
        if (upstream != null) {
            upstream.close();
        }
        if (clients != null) {
            clients.shutdownNow();
        }
        try (Connection connection = DriverManager.getConnection(PG, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        deleteRedisKeys();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static void deleteRedisKeys() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
            Response keys = redis.send(Request.cmd(Command.KEYS).arg(prefix + "*")).toCompletionStage()
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (keys != null && keys.size() > 0) {
                Request del = Request.cmd(Command.DEL);
                keys.forEach(key -> del.arg(key.toString()));
                redis.send(del).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            redis.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String createKey(String body) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + nodes.getFirst().port() + "/admin/keys"))
                .header("authorization", "Bearer " + TestHedge.MASTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.mapper().readTree(created.body()).get("key").asText();
    }

    private static CompletableFuture<HttpResponse<String>> chat(HedgeProcess node, String key, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code count} requests at once, round-robin over the three processes. */
    private static List<HttpResponse<String>> burst(String key, int count) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(chat(nodes.get(i % nodes.size()), key, CHAT));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static long upstreamCallsFor(String key) {
        // the fake upstream cannot see the virtual key; each test uses its own key and resets the recording
        return upstream.requests().size();
    }

    private static long[] ledger(String keyName) throws Exception {
        try (Connection connection = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", "");
                PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(cost_micro_usd), 0) "
                        + "FROM ledger_requests WHERE key_name = ? AND status = 200")) {
            statement.setString(1, keyName);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new long[] {rows.getLong(1), rows.getLong(2)};
            }
        }
    }

    @Test
    @Order(1)
    void budgetHoldsAcrossThreeProcessesAndSpendEqualsWhatWasServed() throws Exception {
        long budget = 2_000;
        String key = createKey("""
                {"name":"cluster-budget","budget_usd":"0.002","budget_period":"total"}""");
        upstream.reset();
        List<HttpResponse<String>> answers = burst(key, 300);
        long served = answers.stream().filter(r -> r.statusCode() == 200).count();
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() != 200) {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                assertThat(Json.mapper().readTree(answer.body()).at("/error/code").asText())
                        .isEqualTo("insufficient_quota");
            }
        }
        assertThat(served).isPositive();
        // the rest of the budget, one request at a time, until it is refused
        for (int i = 0; i < 100; i++) {
            HttpResponse<String> answer = chat(nodes.get(i % 3), key, CHAT).join();
            if (answer.statusCode() != 200) {
                assertThat(answer.statusCode()).isEqualTo(429);
                break;
            }
            served++;
        }
        long[] ledger = ledger("cluster-budget");
        assertThat(ledger[0]).isEqualTo(served);
        assertThat(upstreamCallsFor(key)).isEqualTo(served);
        assertThat(ledger[1]).isEqualTo(served * UNIT_COST).isLessThanOrEqualTo(budget);
        // nothing stays reserved: the budget was spent to within one request's worst case (about 33 µ$)
        assertThat(ledger[1]).isGreaterThan(budget - 2 * UNIT_COST);
    }

    @Test
    @Order(2)
    void requestsPerMinuteHoldAcrossThreeProcesses() throws Exception {
        String key = createKey("""
                {"name":"cluster-rpm","rpm":12}""");
        upstream.reset();
        List<HttpResponse<String>> answers = burst(key, 36);
        long served = answers.stream().filter(r -> r.statusCode() == 200).count();
        assertThat(served).isEqualTo(12);
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() != 200) {
                assertThat(answer.statusCode()).isEqualTo(429);
                assertThat(answer.body()).contains("rate_limit_exceeded", "12 requests per minute");
                assertThat(answer.headers().firstValue("retry-after")).isPresent();
            }
        }
        assertThat(upstream.requests()).hasSize(12);
    }

    @Test
    @Order(3)
    void killNineLosesNoLedgerRecordOfAnAnswerAClientReceived() throws Exception {
        HedgeProcess victim = nodes.get(2);
        Set<String> received = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int c = 0; c < 12; c++) {
            boolean stream = c % 2 == 0;
            loops.add(CompletableFuture.runAsync(() -> {
                String body = stream ? CHAT.replace("\"max_tokens\":50", "\"max_tokens\":50,\"stream\":true") : CHAT;
                while (!stop.get()) {
                    try {
                        HttpResponse<String> answer = chat(victim, TestHedge.MASTER_KEY, body).get(30, TimeUnit.SECONDS);
                        boolean complete = answer.statusCode() == 200
                                && (stream ? answer.body().contains("data: [DONE]") : answer.body().endsWith("}"));
                        if (complete) {
                            received.add(answer.headers().firstValue("x-request-id").orElseThrow());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, Executors.newVirtualThreadPerTaskExecutor()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (received.size() < 150 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        victim.kill9();
        stop.set(true);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(received).hasSizeGreaterThanOrEqualTo(150);
        List<String> missing;
        try (Connection connection = DriverManager.getConnection(PG + "?currentSchema=" + schema, "postgres", "")) {
            missing = HedgeProcess.missingFromLedger(connection, received);
        }
        assertThat(missing).as("answers received but not on record (of %d)", received.size()).isEmpty();
    }
}
