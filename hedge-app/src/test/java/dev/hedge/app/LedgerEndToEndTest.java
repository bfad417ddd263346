package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.app.cli.Main;
import dev.hedge.core.tokens.TokenCounter;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger, keys with budgets and limits, the admin API and the report, against a real Hedge (SQLite) in
 * front of a scripted upstream. gpt-4o-mini's prices come from the catalog: $0.15 input, $0.60 output per
 * million tokens.
 */
class LedgerEndToEndTest {

    private static final String CHAT = """
            {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello there"}],"max_tokens":100}""";

    private static FakeUpstream upstream;
    private static TestHedge hedge;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        hedge = TestHedge.start(TestHedge.oneFakeModel(upstream.baseUrl()));
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

    private static JsonNode createKey(String body) throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/keys", body, TestHedge.MASTER_KEY);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return Json.mapper().readTree(created.body());
    }

    private static HttpResponse<String> admin(String method, String path, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hedge.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return hedge.http().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The journal makes a request durable before the database has it; readers of the database wait for it. */
    private static void awaitLedger() throws InterruptedException {
        assertThat(hedge.app().store().ledger().awaitWritten(java.time.Duration.ofSeconds(30))).isTrue();
    }

    private static JsonNode ledgerRow(String requestId) throws Exception {
        awaitLedger();
        try (Connection connection = hedge.app().store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT * FROM ledger_requests WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("ledger row for " + requestId).isTrue();
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    row.put(rows.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rows.getObject(i));
                }
                return Json.mapper().valueToTree(row);
            }
        }
    }

    @Test
    void everyAnsweredRequestIsOnRecordWithTokensAndCostBeforeItsLastByte() throws Exception {
        JsonNode key = createKey("""
                {"name":"ledger-app","team":"search"}""");
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "Hi!", 1000, 500)));
        HttpResponse<String> response = hedge.post("/chat/completions", CHAT, key.get("key").asText());
        assertThat(response.statusCode()).isEqualTo(200);
        // on record by the time the client has the whole answer: no waiting here
        JsonNode row = ledgerRow(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(row.get("key_name").asText()).isEqualTo("ledger-app");
        assertThat(row.get("team").asText()).isEqualTo("search");
        assertThat(row.get("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(row.get("deployment").asText()).isEqualTo("fake/gpt-4o-mini");
        assertThat(row.get("input_tokens").asLong()).isEqualTo(1000);
        assertThat(row.get("output_tokens").asLong()).isEqualTo(500);
        // 1000 × 0.15 + 500 × 0.60 = 450 micro-dollars
        assertThat(row.get("cost_micro_usd").asLong()).isEqualTo(450);
        assertThat(row.get("status").asInt()).isEqualTo(200);
        assertThat(row.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aStreamWithoutUsageIsCountedAndMarkedSo() throws Exception {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("gpt-4o-mini"))
                .event(OpenAiFixtures.contentChunk("gpt-4o-mini", "Hello to you too"))
                .event(OpenAiFixtures.finishChunk("gpt-4o-mini", "stop"))
                .done());
        JsonNode row = streamedAndCounted();
        assertThat(row.get("input_tokens").asLong()).isPositive();
        assertThat(row.get("output_tokens").asLong())
                .isEqualTo(new TokenCounter().countText("gpt-4o-mini", "Hello to you too"));
        assertThat(row.get("ttft_micros").asLong()).isPositive();
        assertThat(row.get("key_name").asText()).isEqualTo("master");
    }

    @Test
    void aLongStreamWithoutUsageIsCountedAsTheWholeAnswer() throws Exception {
        // 300 KB of text in 6,000 chunks cut anywhere, so words and runs of spaces span chunks: Hedge counts as the
        // chunks arrive, and the count is the whole answer's
        SplittableRandom random = new SplittableRandom(17);
        String[] words = {"The", " gateway", " counts", " tokens", "ünïcödé", " 日本語", "\n\n", "    ", "x=1;",
            " don't", "'ll", " 12345", " 😀", "\t", " https://example.com/a?b=c", " base64:QUJDREVGR0g="};
        StringBuilder text = new StringBuilder();
        while (text.length() < 300_000) {
            text.append(words[random.nextInt(words.length)]);
        }
        String answer = text.toString();
        Script stream = Script.stream().event(OpenAiFixtures.roleChunk("gpt-4o-mini"));
        for (int at = 0, end; at < answer.length(); at = end) {
            end = Math.min(answer.length(), at + 1 + random.nextInt(100));
            if (Character.isHighSurrogate(answer.charAt(end - 1)) && end < answer.length()) {
                end++;
            }
            stream.event(OpenAiFixtures.contentChunk("gpt-4o-mini", answer.substring(at, end)));
        }
        upstream.enqueue(stream.event(OpenAiFixtures.finishChunk("gpt-4o-mini", "stop")).done());

        JsonNode row = streamedAndCounted();

        assertThat(row.get("output_tokens").asLong()).isEqualTo(new TokenCounter().countText("gpt-4o-mini", answer));
    }

    /** Streams CHAT from the supplier's queued answer; its ledger row, whose usage Hedge counted. */
    private static JsonNode streamedAndCounted() throws Exception {
        HttpResponse<String> response = hedge.post("/chat/completions",
                CHAT.replace("\"max_tokens\":100", "\"stream\":true"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("[DONE]");
        JsonNode row = ledgerRow(response.headers().firstValue("x-request-id").orElseThrow());
        assertThat(row.get("usage_counted").asBoolean()).isTrue();
        return row;
    }

    @Test
    void aKeyStopsAtItsBudgetWithInsufficientQuota() throws Exception {
        // worst case of CHAT: ~10 prompt tokens × 0.15 + 100 × 0.60 ≈ 62 micro-dollars; budget $0.0002 = 200
        String secret = createKey("""
                {"name":"budgeted","budget_usd":"0.0002","budget_period":"daily"}""").get("key").asText();
        upstream.fallback(request -> Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "ok", 10, 100)));
        int served = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            HttpResponse<String> response = hedge.post("/chat/completions", CHAT, secret);
            if (response.statusCode() == 200) {
                served++;
            } else {
                refused = response;
            }
        }
        upstream.fallback(request -> Script.error(500, "server_error", "no script"));
        assertThat(refused).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(429);
        JsonNode error = Json.mapper().readTree(refused.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("message").asText()).contains("key 'budgeted'", "$0.0002 daily budget");
        // each served request cost 10 × 0.15 + 100 × 0.6 = 61.5 → 62; three fit in 200 with a 62+ worst case
        assertThat(served).isEqualTo(3);
        assertThat(upstream.requests()).hasSize(served);
    }

    @Test
    void requestsPerMinuteAnswer429WithRetryAfter() throws Exception {
        String secret = createKey("""
                {"name":"limited","rpm":2}""").get("key").asText();
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "a", 5, 5)),
                Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "b", 5, 5)));
        assertThat(hedge.post("/chat/completions", CHAT, secret).statusCode()).isEqualTo(200);
        assertThat(hedge.post("/chat/completions", CHAT, secret).statusCode()).isEqualTo(200);
        HttpResponse<String> third = hedge.post("/chat/completions", CHAT, secret);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(Json.mapper().readTree(third.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(Integer.parseInt(third.headers().firstValue("retry-after").orElseThrow())).isBetween(1, 60);
    }

    @Test
    void adminApiManagesKeysAndTeamsAndOnlyForTheMasterKey() throws Exception {
        JsonNode key = createKey("""
                {"name":"admin-made","team":"ops","models":["gpt-4o-mini"],"budget_usd":5,"rpm":60,"tpm":10000}""");
        assertThat(key.get("key").asText()).startsWith("sk-hedge-");
        assertThat(key.get("budget_usd").asText()).isEqualTo("5");
        assertThat(key.get("budget_period").asText()).isEqualTo("monthly");

        HttpResponse<String> list = admin("GET", "/admin/keys", "", TestHedge.MASTER_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("admin-made").doesNotContain(key.get("key").asText())
                .doesNotContain("hash");

        HttpResponse<String> team = admin("POST", "/admin/teams", """
                {"name":"ops","budget_usd":"100","budget_period":"monthly","tpm":50000}""", TestHedge.MASTER_KEY);
        assertThat(team.statusCode()).as(team.body()).isEqualTo(200);
        assertThat(admin("GET", "/admin/teams", "", TestHedge.MASTER_KEY).body()).contains("\"ops\"", "50000");

        HttpResponse<String> forbidden = admin("GET", "/admin/keys", "", key.get("key").asText());
        assertThat(forbidden.statusCode()).isEqualTo(403);

        HttpResponse<String> bad = admin("POST", "/admin/keys", """
                {"name":"x","budget_period":"weekly","budget_usd":1}""", TestHedge.MASTER_KEY);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("budget-period: 'weekly' (expected: daily, monthly or total)");

        HttpResponse<String> typo = admin("POST", "/admin/keys", """
                {"name":"x","budget":1}""", TestHedge.MASTER_KEY);
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(typo.body()).contains("Unknown field 'budget'");

        assertThat(admin("DELETE", "/admin/keys/admin-made", "", TestHedge.MASTER_KEY).statusCode()).isEqualTo(200);
        assertThat(hedge.post("/chat/completions", CHAT, key.get("key").asText()).statusCode()).isEqualTo(401);
        assertThat(admin("DELETE", "/admin/teams/ops", "", TestHedge.MASTER_KEY).statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/admin/teams/ops", "", TestHedge.MASTER_KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void reportGroupsSpendAndShowsSavingsAgainstABaseline() throws Exception {
        JsonNode key = createKey("""
                {"name":"reported"}""");
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "a", 2000, 1000)),
                Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "b", 2000, 1000)));
        for (int i = 0; i < 2; i++) {
            assertThat(hedge.post("/chat/completions", CHAT, key.get("key").asText()).statusCode()).isEqualTo(200);
        }
        awaitLedger();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"report", "--by", "key", "--since", "1d", "--format", "json", "--baseline",
                "gpt-4o", "--data-dir", hedge.dataDir().toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        JsonNode report = Json.mapper().readTree(out.toString());
        JsonNode row = null;
        for (JsonNode candidate : report.get("rows")) {
            if (candidate.get("group").asText().equals("reported")) {
                row = candidate;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("requests").asLong()).isEqualTo(2);
        assertThat(row.get("input_tokens").asLong()).isEqualTo(4000);
        // actual: 4000 × 0.15 + 2000 × 0.60 = 1800 µ$; on gpt-4o: 4000 × 2.5 + 2000 × 10 = 30000 µ$
        assertThat(row.get("cost_usd").decimalValue()).isEqualByComparingTo("0.0018");
        assertThat(row.get("baseline_usd").decimalValue()).isEqualByComparingTo("0.03");
        assertThat(row.get("savings_usd").decimalValue()).isEqualByComparingTo("0.0282");

        StringWriter table = new StringWriter();
        assertThat(Main.run(new String[] {"report", "--by", "model", "--data-dir", hedge.dataDir().toString()},
                new PrintWriter(table), new PrintWriter(new StringWriter()))).isZero();
        assertThat(table.toString()).contains("MODEL", "gpt-4o-mini", "TOTAL");

        StringWriter bad = new StringWriter();
        assertThat(Main.run(new String[] {"report", "--by", "week", "--data-dir", hedge.dataDir().toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(bad))).isEqualTo(2);
        assertThat(bad.toString()).contains("--by: 'week' (expected: key, team, model, deployment, day or purpose)");

        StringWriter byPurpose = new StringWriter();
        assertThat(Main.run(new String[] {"report", "--by", "purpose", "--data-dir", hedge.dataDir().toString()},
                new PrintWriter(byPurpose), new PrintWriter(new StringWriter()))).isZero();
        assertThat(byPurpose.toString()).contains("PURPOSE", "client", "TOTAL");
    }

    @Test
    void metricsShowCostAndTokensByKey() throws Exception {
        JsonNode key = createKey("""
                {"name":"metered"}""");
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("gpt-4o-mini", "a", 100, 100)));
        assertThat(hedge.post("/chat/completions", CHAT, key.get("key").asText()).statusCode()).isEqualTo(200);
        String[] expected = {"hedge_cost_microusd_total{", "hedge_key=\"metered\"",
                "hedge_tokens_total{", "hedge_ledger_records_total", "gen_ai_server_request_duration"};
        String metrics = hedge.awaitMetrics(expected);
        assertThat(metrics).contains(expected);
        assertThat(metrics).doesNotContain(key.get("key").asText());
    }
}
