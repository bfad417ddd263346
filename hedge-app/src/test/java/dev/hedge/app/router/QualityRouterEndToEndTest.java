package dev.hedge.app.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.router.KnnMemory;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.RouterFile;
import dev.hedge.app.TestHedge;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import dev.hedge.app.cli.Main;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a small router with {@code hedge router train} on synthetic items (arithmetic word problems the
 * weak model fails, small talk it handles), evaluates it, serves it behind {@code policy: router} with two
 * fake upstreams as the tiers, then teaches it by feedback and rolls the update back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QualityRouterEndToEndTest {

    @TempDir
    static Path dir;
    private static Path router;
    private static FakeUpstream weak;
    private static FakeUpstream strong;
    private static TestHedge hedge;

    @BeforeAll
    static void trainAndServe() throws Exception {
        Path items = TinyRouter.writeItems(dir);
        router = dir.resolve("router.bin");

        Path plots = dir.resolve("plots");
        String[] trainArgs = java.util.stream.Stream.concat(java.util.Arrays.stream(TinyRouter.trainArgs(items, router, dir)),
                java.util.stream.Stream.of("--cv-repeats", "3", "--plots", plots.toString())).toArray(String[]::new);
        Run train = cli(trainArgs);
        assertThat(train.exit()).as(train.err()).isZero();
        JsonNode trained = Json.tree(train.out().getBytes(StandardCharsets.UTF_8));
        assertThat(trained.path("items").asInt()).isEqualTo(60);
        JsonNode heldOut = trained.path("cross_validation").path("synthetic");
        assertThat(heldOut.path("router").path("apgr").asDouble()).as("held-out APGR on cleanly separable items")
                .isCloseTo(heldOut.path("oracle").path("apgr").asDouble(), within(0.01));
        JsonNode repeated = trained.path("cross_validation_repeated").path("synthetic");
        assertThat(repeated.path("repeats").asInt()).isEqualTo(3);
        assertThat(repeated.path("apgr").path("min").asDouble()).as("every fold seed separates the items")
                .isCloseTo(heldOut.path("oracle").path("apgr").asDouble(), within(0.01));
        assertThat(train.err()).contains("cross-validation with fold seed 9 (3 of 3)");
        assertThat(plots.resolve("synthetic-cv.png")).as("the cross-validated curve is plotted").isNotEmptyFile();
        assertThat(train.err()).contains("distilling MiniLM: 3000 word pieces done").contains("embedding: 60 prompts done with minilm-static-64/");
        assertThat(trained.path("embedder").asText()).startsWith("minilm-static-64/");
        assertThat(RouterFile.read(router).pieces()).as("the router carries its table").isPresent();

        weak = FakeUpstream.start();
        strong = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - { name: weak-upstream, dialect: openai, base-url: %s }
                  - { name: strong-upstream, dialect: openai, base-url: %s }
                models:
                  - name: smart
                    policy: router
                    router: %s
                    threshold: 0.5
                    tiers:
                      weak: [ { provider: weak-upstream, model: small } ]
                      strong: [ { provider: strong-upstream, model: big } ]
                """.formatted(weak.baseUrl(), strong.baseUrl(), router));
    }

    @AfterAll
    static void stop() {
        if (hedge != null) {
            hedge.close();
        }
        if (weak != null) {
            weak.close();
            strong.close();
        }
    }

    @Test
    @Order(1)
    void evalWritesPredictionsMetricsAndAPlot() throws Exception {
        Path items = dir.resolve("items.jsonl");
        Path predictions = dir.resolve("predictions.jsonl");
        Run eval = cli("router", "eval", "--router", router.toString(), "--data", items.toString(), "--out",
                predictions.toString());

        assertThat(eval.exit()).as(eval.err()).isZero();
        assertThat(eval.err()).as("no model run: the router's own table").contains("embedding: 60 prompts done with minilm-static-64/")
                .doesNotContain("distilling");
        JsonNode metrics = Json.tree(eval.out().getBytes(StandardCharsets.UTF_8));
        assertThat(metrics.path("router").path("apgr").asDouble()).as("separable items are ranked perfectly")
                .isCloseTo(metrics.path("oracle").path("apgr").asDouble(), within(0.01));
        assertThat(metrics.path("random").path("apgr").asDouble()).isEqualTo(0.5);
        assertThat(metrics.path("oracle").path("cpt50_pct").asDouble()).isEqualTo(25.0);
        List<String> lines = Files.readAllLines(predictions);
        assertThat(lines).hasSize(60);
        JsonNode first = Json.tree(lines.getFirst().getBytes(StandardCharsets.UTF_8));
        assertThat(first.path("id").asText()).isEqualTo("math/0");
        assertThat(first.path("p_strong").asDouble()).isBetween(0.5, 1.0);
        byte[] png = Files.readAllBytes(dir.resolve("predictions.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    @Order(2)
    void routesHardPromptsToTheStrongTierAndSaysSo() throws Exception {
        strong.enqueue(Script.ok(OpenAiFixtures.completion("big", "It made $42.", 30, 5)));
        HttpResponse<String> hard = chat("smart", "A baker has 17 loaves and buys 9 more at $4 each. She sells 12 of them for $6 each. How much money did she make?");
        assertThat(hard.statusCode()).as(hard.body()).isEqualTo(200);
        assertThat(hard.headers().firstValue("x-hedge-deployment")).hasValue("strong-upstream/big");
        assertThat(hard.headers().firstValue("x-hedge-route")).hasValueSatisfying(v -> assertThat(v).startsWith("strong; p="));

        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", "Hello!", 10, 2)));
        HttpResponse<String> easy = chat("auto", "Hi there, could you say hello please? Thanks, friend!");
        assertThat(easy.statusCode()).as(easy.body()).isEqualTo(200);
        assertThat(easy.headers().firstValue("x-hedge-deployment")).hasValue("weak-upstream/small");
        assertThat(easy.headers().firstValue("x-hedge-route")).hasValueSatisfying(v -> assertThat(v).startsWith("weak; p="));
        weak.assertAllConsumed();
        strong.assertAllConsumed();

        // the decision is on record: the last byte of each answer waited for its ledger row
        assertRouteOnRecord(hard, "strong");
        assertRouteOnRecord(easy, "weak");
    }

    private static void assertRouteOnRecord(HttpResponse<String> answer, String tier) throws Exception {
        String requestId = answer.headers().firstValue("x-request-id").orElseThrow();
        String header = answer.headers().firstValue("x-hedge-route").orElseThrow();
        assertThat(hedge.app().store().ledger().awaitWritten(java.time.Duration.ofSeconds(30))).isTrue();
        try (Connection connection = hedge.app().store().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT route_tier, route_score, route_threshold, router_revision FROM ledger_requests"
                                + " WHERE request_id = ?")) {
            statement.setString(1, requestId);
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("ledger row for " + requestId).isTrue();
                assertThat(rows.getString(1)).isEqualTo(tier);
                assertThat(header).contains(String.format(java.util.Locale.ROOT, "p=%.3f", rows.getDouble(2)))
                        .contains(String.format(java.util.Locale.ROOT, "threshold=%.3f", rows.getDouble(3)))
                        .contains("revision=" + rows.getInt(4));
            }
        }
    }

    @Test
    @Order(3)
    void feedbackTeachesTheRouterAndRollbackUndoesIt() throws Exception {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", "Hello!", 10, 2)));
        HttpResponse<String> answered = chat("smart", "Hi there, could you cheer me up please? Thanks, pal!");
        String requestId = answered.headers().firstValue("x-request-id").orElseThrow();

        HttpResponse<String> feedback = hedge.post("/feedback",
                "{\"request_id\": \"%s\", \"preferred\": \"strong\"}".formatted(requestId), TestHedge.MASTER_KEY);
        assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);
        JsonNode learned = Json.tree(feedback.body().getBytes(StandardCharsets.UTF_8));
        assertThat(learned.path("learned").asBoolean()).isTrue();
        assertThat(learned.path("router_revision").asInt()).isEqualTo(1);
        assertThat(Path.of(router + ".rev-1")).exists();
        assertThat(hedge.app().router().routing().orElseThrow().revision("smart")).hasValue(1);

        HttpResponse<String> again = hedge.post("/feedback",
                "{\"request_id\": \"%s\", \"preferred\": \"strong\"}".formatted(requestId), TestHedge.MASTER_KEY);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("request_id");

        HttpResponse<String> rollback = rollback("smart");
        assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
        assertThat(Json.tree(rollback.body().getBytes(StandardCharsets.UTF_8)).path("router_revision").asInt()).isZero();
        assertThat(Path.of(router + ".rev-1")).doesNotExist();
        assertThat(Path.of(router + ".rev-1.rolled-back")).exists();
        assertThat(hedge.app().router().routing().orElseThrow().revision("smart")).hasValue(0);

        HttpResponse<String> nothingLeft = rollback("smart");
        assertThat(nothingLeft.statusCode()).isEqualTo(409);
        assertThat(nothingLeft.body()).contains("no online updates");
        Run cliRollback = cli("router", "rollback", "--router", router.toString());
        assertThat(cliRollback.exit()).isEqualTo(2);
        assertThat(cliRollback.err()).contains("no online updates");
    }

    @Test
    @Order(4)
    void weakPreferredTeachesANegativeGainAndARatingItsShortfall() throws Exception {
        QualityRouting routing = hedge.app().router().routing().orElseThrow();
        String prompt = "Hi there, could you say goodbye nicely please? Thanks, mate!";
        double before = routing.decide("smart", prompt).score();

        HttpResponse<String> feedback = feedbackOnAWeakAnswer(prompt, "\"preferred\": \"weak\"");
        assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(200);
        assertThat(feedback.body()).contains("learned gain -1.00");
        double after = routing.decide("smart", prompt).score();
        assertThat(after).as("the memory remembers the weak win").isLessThan(before);
        assertThat(RouterFile.read(Path.of(router + ".rev-1")).memory().target()).as("a trained router's memory holds gains")
                .isEqualTo(KnnMemory.Target.GAIN);

        HttpResponse<String> rating = feedbackOnAWeakAnswer(prompt, "\"rating\": 0.25");
        assertThat(rating.statusCode()).as(rating.body()).isEqualTo(200);
        assertThat(rating.body()).contains("learned gain 0.75");
        assertThat(routing.decide("smart", prompt).score()).isGreaterThan(after);

        assertThat(rollback("smart").statusCode()).isEqualTo(200);
        assertThat(rollback("smart").statusCode()).isEqualTo(200);
        assertThat(routing.decide("smart", prompt).score()).isEqualTo(before);
        weak.assertAllConsumed();
    }

    /** Asks {@code prompt} (answered by the weak tier) and sends feedback {@code field} on the answer. */
    private static HttpResponse<String> feedbackOnAWeakAnswer(String prompt, String field) {
        weak.enqueue(Script.ok(OpenAiFixtures.completion("small", "Bye!", 10, 2)));
        String requestId = chat("smart", prompt).headers().firstValue("x-request-id").orElseThrow();
        return hedge.post("/feedback", "{\"request_id\": \"%s\", %s}".formatted(requestId, field), TestHedge.MASTER_KEY);
    }

    @Test
    @Order(5)
    void badFeedbackGetsAClearError() {
        HttpResponse<String> neither = hedge.post("/feedback", "{\"request_id\": \"req_x\"}", TestHedge.MASTER_KEY);
        assertThat(neither.statusCode()).isEqualTo(400);
        assertThat(neither.body()).contains("exactly one of preferred");
        HttpResponse<String> unknown = hedge.post("/feedback", "{\"request_id\": \"req_unknown\", \"rating\": 0.2}", TestHedge.MASTER_KEY);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("req_unknown");
        HttpResponse<String> notJson = hedge.post("/feedback", "nope", TestHedge.MASTER_KEY);
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> chat(String model, String prompt) {
        return hedge.post("/chat/completions", Json.writeString(Map.of("model", model,
                "messages", List.of(Map.of("role", "user", "content", prompt)))), TestHedge.MASTER_KEY);
    }

    private static HttpResponse<String> rollback(String model) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/admin/router/rollback/%s".formatted(hedge.port(), model)))
                .header("authorization", "Bearer " + TestHedge.MASTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            return hedge.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }
}
