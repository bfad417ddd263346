package dev.hedge.app.router;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.hedge.app.TestHedge;
import dev.hedge.app.cli.Main;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.ShadowVerdict;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.RecordedRequest;
import dev.hedge.testing.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow comparisons end to end: the OpenAI SDK as the client, fake upstreams as the weak tier, the strong
 * tier and the judge, a tiny router trained by {@code hedge router train}. A sampled weak-routed chat is
 * answered by the weak tier, then shadowed to the strong tier and judged; the verdict teaches the router
 * (a new revision on disk, the prompt's score moves), and the shadow and judge calls are in the ledger
 * under their own purpose and cost. Failures and garbage verdicts never reach the client.
 */
class ShadowComparisonsEndToEndTest {

    private static final String STRONG_ANSWER = "Hello there, my friend: I hope your day is a wonderful one!";
    private static final String WEAK_ANSWER = "Hello!";

    @TempDir
    static Path dir;
    private static FakeUpstream weak;
    private static FakeUpstream strong;
    private static FakeUpstream judge;
    private static TestHedge hedge;

    @BeforeAll
    static void trainAndServe() throws Exception {
        Path items = TinyRouter.writeItems(dir);
        Path router = dir.resolve("router.bin");
        StringWriter err = new StringWriter();
        int exit = Main.run(TinyRouter.trainArgs(items, router, dir), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();

        weak = FakeUpstream.start();
        strong = FakeUpstream.start();
        judge = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - { name: weak-upstream, dialect: openai, base-url: %s }
                  - { name: strong-upstream, dialect: openai, base-url: %s }
                  - { name: judge-upstream, dialect: openai, base-url: %s }
                models:
                  - name: referee
                    deployments: [ { provider: judge-upstream, model: judge-1, input-usd-per-mtok: 1, output-usd-per-mtok: 2 } ]
                  - name: smart
                    policy: router
                    router: %s
                    threshold: 0.5
                    shadow: { fraction: 1, judge: referee, max-in-flight: 2 }
                    # the shadow-failure test fails the strong tier on purpose; its breaker must not open for the others
                    breaker: { consecutive-failures: 50, minimum-calls: 50, window: 64 }
                    tiers:
                      weak: [ { provider: weak-upstream, model: small, input-usd-per-mtok: 0.1, output-usd-per-mtok: 0.2 } ]
                      strong: [ { provider: strong-upstream, model: big, input-usd-per-mtok: 10, output-usd-per-mtok: 30 } ]
                  - name: quiet
                    policy: router
                    router: %s
                    threshold: 0.5
                    shadow: { fraction: 0, judge: referee }
                    tiers:
                      weak: [ { provider: weak-upstream, model: small } ]
                      strong: [ { provider: strong-upstream, model: big } ]
                """.formatted(weak.baseUrl(), strong.baseUrl(), judge.baseUrl(), router, router));
    }

    @AfterEach
    void forgetUpstreams() {
        weak.reset();
        strong.reset();
        judge.reset();
    }

    @AfterAll
    static void stop() {
        if (hedge != null) {
            hedge.close();
        }
        for (FakeUpstream upstream : new FakeUpstream[] {weak, strong, judge}) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }

    @Test
    void sampledWeakAnswerIsShadowedJudgedAndTeachesTheRouter() throws Exception {
        String prompt = "Hi there, could you say hello please? Thanks, friend!";
        QualityRouting routing = hedge.app().router().routing().orElseThrow();
        double before = routing.decide("smart", prompt).score();
        int revision = routing.revision("smart").orElseThrow();
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", WEAK_ANSWER, 12, 2)));
        strong.enqueue(Script.ok(OpenAiFixtures.completion("big", STRONG_ANSWER, 30, 12)));
        judge.fallback(ShadowComparisonsEndToEndTest::judgeThatPrefersTheStrongAnswer);

        HttpResponseFor<ChatCompletion> answer = client().chat().completions().withRawResponse().create(ask("smart", prompt));

        assertThat(answer.parse().choices().getFirst().message().content()).hasValue(WEAK_ANSWER);
        assertThat(answer.headers().values("x-hedge-route").getFirst()).startsWith("weak; p=");
        String requestId = answer.headers().values("x-request-id").getFirst();
        ShadowComparisons.Outcome outcome = outcome(requestId);
        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ShadowComparisons.Result.LEARNED);
        assertThat(outcome.verdict()).hasValue(ShadowVerdict.STRONG);
        assertThat(outcome.revision()).hasValue(revision + 1);

        RecordedRequest shadow = strong.lastRequest();
        assertThat(shadow.json().path("model").asText()).isEqualTo("big");
        assertThat(shadow.json().path("stream").asBoolean(false)).isFalse();
        assertThat(shadow.json().path("messages").get(0).path("content").asText()).isEqualTo(prompt);
        String judged = judgeQuestion(judge.lastRequest());
        assertThat(judged).contains(prompt).contains(STRONG_ANSWER).contains(WEAK_ANSWER);
        assertThat(judge.lastRequest().json().path("messages").get(0).path("content").asText()).contains("[[A]]");

        assertThat(Path.of(dir.resolve("router.bin") + ".rev-" + (revision + 1))).exists();
        assertThat(routing.decide("smart", prompt).score()).as("the prompt's score moves toward strong").isGreaterThan(before);

        List<LedgerRow> rows = ledgerRows(requestId);
        assertThat(rows).extracting(LedgerRow::purpose).containsExactlyInAnyOrder("client", "shadow", "judge");
        LedgerRow client = rows.stream().filter(r -> r.purpose().equals("client")).findFirst().orElseThrow();
        LedgerRow strongRow = rows.stream().filter(r -> r.purpose().equals("shadow")).findFirst().orElseThrow();
        LedgerRow judgeRow = rows.stream().filter(r -> r.purpose().equals("judge")).findFirst().orElseThrow();
        assertThat(client.shadowOf()).isNull();
        assertThat(client.cost()).as("12 × 0.1 + 2 × 0.2 = 1.6 µ$, rounded half up").isEqualTo(2);
        assertThat(strongRow.deployment()).isEqualTo("strong-upstream/big");
        assertThat(strongRow.cost()).isEqualTo(30 * 10 + 12 * 30);
        assertThat(strongRow.routeTier()).isEqualTo("strong");
        assertThat(judgeRow.deployment()).isEqualTo("judge-upstream/judge-1");
        assertThat(judgeRow.cost()).isEqualTo(200 * 1 + 20 * 2);
        assertThat(rows).allSatisfy(row -> assertThat(row.keyId()).isEqualTo(client.keyId()));
        assertThat(List.of(strongRow.shadowOf(), judgeRow.shadowOf())).containsOnly(requestId);

        // only the client's own request counts against its key's budget
        long spent = hedge.app().store().limits().spentMicroUsd("key:" + client.keyId(), Instant.EPOCH);
        assertThat(spent).isEqualTo(totalClientCost());
        assertMetricsShow("hedge_router_shadow_comparisons_total{gen_ai_request_model=\"smart\",hedge_verdict=\"strong\"} 1.0",
                "hedge_router_shadow_cost_microusd_total{gen_ai_request_model=\"referee\",hedge_purpose=\"judge\"}",
                "hedge_router_shadow_cost_microusd_total{gen_ai_request_model=\"smart\",hedge_purpose=\"shadow\"}");

        // the shadow's update is an ordinary revision: it rolls back like feedback
        assertThat(rollback().statusCode()).isEqualTo(200);
        assertThat(routing.revision("smart")).hasValue(revision);
    }

    @Test
    void streamedAnswerIsComparedAsTheAssembledText() throws Exception {
        String prompt = "Hi there, could you wish me a good morning please? Thanks, mate!";
        weak.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("small"))
                .event(OpenAiFixtures.contentChunk("small", "Good "))
                .event(OpenAiFixtures.contentChunk("small", "morning, "))
                .event(OpenAiFixtures.contentChunk("small", "mate!"))
                .event(OpenAiFixtures.finishChunk("small", "stop"))
                .event(OpenAiFixtures.usageChunk("small", 14, 4))
                .done());
        strong.enqueue(Script.ok(OpenAiFixtures.completion("big", "Good morning to you, mate!", 14, 6)));
        judge.enqueue(Script.ok(OpenAiFixtures.completion("judge-1", "Both greet equally well. [[C]]", 150, 8)));
        int revision = hedge.app().router().routing().orElseThrow().revision("smart").orElseThrow();

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> response = client().chat().completions().withRawResponse()
                .createStreaming(ask("smart", prompt));
        String text;
        try (StreamResponse<ChatCompletionChunk> stream = response.parse()) {
            text = stream.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("Good morning, mate!");
        ShadowComparisons.Outcome outcome = outcome(response.headers().values("x-request-id").getFirst());
        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ShadowComparisons.Result.LEARNED);
        assertThat(outcome.verdict()).hasValue(ShadowVerdict.TIE);
        assertThat(outcome.revision()).hasValue(revision + 1);
        assertThat(judgeQuestion(judge.lastRequest())).contains("Good morning, mate!").contains("Good morning to you, mate!");
        assertThat(strong.lastRequest().json().has("stream_options")).isFalse();
        assertThat(rollback().statusCode()).isEqualTo(200);
    }

    @Test
    void clientIsUnaffectedWhenTheStrongShadowFails() throws Exception {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", WEAK_ANSWER, 12, 2)));
        strong.fallback(request -> Script.error(500, "server_error", "the strong tier is down"));

        HttpResponseFor<ChatCompletion> answer = client().chat().completions().withRawResponse()
                .create(ask("smart", "Hi there, could you say thanks please? Thanks, buddy!"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.parse().choices().getFirst().message().content()).hasValue(WEAK_ANSWER);
        ShadowComparisons.Outcome outcome = outcome(answer.headers().values("x-request-id").getFirst());
        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ShadowComparisons.Result.SHADOW_FAILED);
        assertThat(outcome.detail()).contains("500");
        assertThat(strong.requests()).isNotEmpty();
        assertThat(judge.requests()).as("nothing to judge").isEmpty();
        assertMetricsShow("hedge_router_shadow_failures_total{gen_ai_request_model=\"smart\",hedge_stage=\"shadow\"}");
        strong.fallback(request -> Script.error(500, "server_error", "no script"));
    }

    @Test
    void clientIsUnaffectedWhenTheJudgeFails() throws Exception {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", WEAK_ANSWER, 12, 2)));
        strong.enqueue(Script.ok(OpenAiFixtures.completion("big", STRONG_ANSWER, 30, 12)));
        judge.fallback(request -> Script.error(500, "server_error", "the judge is down"));
        int revision = hedge.app().router().routing().orElseThrow().revision("smart").orElseThrow();

        HttpResponseFor<ChatCompletion> answer = client().chat().completions().withRawResponse()
                .create(ask("smart", "Hi there, could you say goodbye nicely please? Thanks, dear!"));

        assertThat(answer.parse().choices().getFirst().message().content()).hasValue(WEAK_ANSWER);
        ShadowComparisons.Outcome outcome = outcome(answer.headers().values("x-request-id").getFirst());
        assertThat(outcome.result()).as(outcome.detail()).isEqualTo(ShadowComparisons.Result.JUDGE_FAILED);
        assertThat(hedge.app().router().routing().orElseThrow().revision("smart")).hasValue(revision);
        assertMetricsShow("hedge_router_shadow_failures_total{gen_ai_request_model=\"smart\",hedge_stage=\"judge\"}");
    }

    @Test
    void garbageVerdictIsRecordedAndTeachesNothing() throws Exception {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", WEAK_ANSWER, 12, 2)));
        strong.enqueue(Script.ok(OpenAiFixtures.completion("big", STRONG_ANSWER, 30, 12)));
        judge.enqueue(Script.ok(OpenAiFixtures.completion("judge-1", "Honestly, they are both answers.", 150, 8)));
        QualityRouting routing = hedge.app().router().routing().orElseThrow();
        int revision = routing.revision("smart").orElseThrow();

        HttpResponseFor<ChatCompletion> answer = client().chat().completions().withRawResponse()
                .create(ask("smart", "Hi there, could you cheer me up please? Thanks, pal!"));

        assertThat(answer.parse().choices().getFirst().message().content()).hasValue(WEAK_ANSWER);
        String requestId = answer.headers().values("x-request-id").getFirst();
        ShadowComparisons.Outcome outcome = outcome(requestId);
        assertThat(outcome.result()).isEqualTo(ShadowComparisons.Result.UNPARSEABLE);
        assertThat(outcome.detail()).contains("Honestly, they are both answers.");
        assertThat(routing.revision("smart")).hasValue(revision);
        assertMetricsShow("hedge_router_shadow_comparisons_total{gen_ai_request_model=\"smart\",hedge_verdict=\"unparseable\"} 1.0");
        assertThat(ledgerRows(requestId)).extracting(LedgerRow::purpose).containsExactlyInAnyOrder("client", "shadow", "judge");
        // the request's feedback slot is still free: the client may still teach from it
        assertThat(hedge.post("/feedback", "{\"request_id\": \"%s\", \"preferred\": \"weak\"}".formatted(requestId),
                TestHedge.MASTER_KEY).statusCode()).isEqualTo(200);
        assertThat(rollback().statusCode()).isEqualTo(200);
    }

    @Test
    void fractionZeroSendsNothing() throws Exception {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", WEAK_ANSWER, 12, 2)));

        HttpResponseFor<ChatCompletion> answer = client().chat().completions().withRawResponse()
                .create(ask("quiet", "Hi there, could you tell me a friendly greeting please? Thanks, friend!"));

        assertThat(answer.parse().choices().getFirst().message().content()).hasValue(WEAK_ANSWER);
        String requestId = answer.headers().values("x-request-id").getFirst();
        assertThat(outcome(requestId).result()).isEqualTo(ShadowComparisons.Result.NOT_SAMPLED);
        assertThat(strong.requests()).isEmpty();
        assertThat(judge.requests()).isEmpty();
        assertThat(ledgerRows(requestId)).extracting(LedgerRow::purpose).containsExactly("client");
    }

    /** A judge that reads the answers it is shown and names the strong one's position, as a good judge would. */
    private static Script judgeThatPrefersTheStrongAnswer(RecordedRequest request) {
        String question = judgeQuestion(request);
        String a = question.substring(question.indexOf("[The start of answer A]"), question.indexOf("[The end of answer A]"));
        String verdict = a.contains(STRONG_ANSWER) ? "[[A]]" : "[[B]]";
        return Script.ok(OpenAiFixtures.completion("judge-1", "The first answer is warmer.\n" + verdict, 200, 20));
    }

    private static String judgeQuestion(RecordedRequest request) {
        JsonNode messages = request.json().path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private static ShadowComparisons.Outcome outcome(String requestId) throws Exception {
        return hedge.app().router().shadows().orElseThrow().outcome(requestId).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static OpenAIClient client() {
        return hedge.client();
    }

    private static ChatCompletionCreateParams ask(String model, String prompt) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage(prompt).build();
    }

    private static java.net.http.HttpResponse<String> rollback() throws Exception {
        return hedge.http().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:%d/admin/router/rollback/smart".formatted(hedge.port())))
                .header("authorization", "Bearer " + TestHedge.MASTER_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Request metrics (the shadow's cost among them) come just after an answer: this waits for them. */
    private static void assertMetricsShow(String... expected) {
        assertThat(hedge.awaitMetrics(expected)).contains(expected);
    }

    /** The ledger's journal makes requests durable before the database has them; readers wait for it. */
    private static void awaitLedger() throws InterruptedException {
        assertThat(hedge.app().store().ledger().awaitWritten(java.time.Duration.ofSeconds(30))).isTrue();
    }

    private record LedgerRow(String purpose, String shadowOf, String keyId, String deployment, long cost, String routeTier) {}

    private static List<LedgerRow> ledgerRows(String requestId) throws Exception {
        awaitLedger();
        try (Connection connection = hedge.app().store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT purpose, shadow_of, key_id, deployment, cost_micro_usd, route_tier FROM ledger_requests
                        WHERE request_id = ? OR shadow_of = ?""")) {
            statement.setString(1, requestId);
            statement.setString(2, requestId);
            List<LedgerRow> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new LedgerRow(result.getString(1), result.getString(2), result.getString(3),
                            result.getString(4), result.getLong(5), result.getString(6)));
                }
            }
            return rows;
        }
    }

    private static long totalClientCost() throws Exception {
        awaitLedger();
        try (Connection connection = hedge.app().store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT COALESCE(SUM(cost_micro_usd), 0) FROM ledger_requests WHERE purpose = 'client'");
                ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}
