package dev.hedge.app.resilience;

import static dev.hedge.app.TestHedge.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.app.TestHedge;
import dev.hedge.core.resilience.DeploymentStats;
import dev.hedge.testing.DeadPort;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.Fault;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault of a supplier × {one-piece, streamed} × {one deployment, a healthy backup behind it}: what the
 * client gets, how many upstream attempts were made, and that nothing is left hanging afterwards (no upstream
 * exchange still open, no deployment call still in flight). Timeouts are short; no wall-clock assertion.
 */
class FaultMatrixEndToEndTest {

    private static FakeUpstream primary;
    private static FakeUpstream backup;
    private static TestHedge hedge;

    @BeforeAll
    static void start() {
        primary = FakeUpstream.start();
        backup = FakeUpstream.start();
        String model = """
                  - name: %s
                    timeouts: { first-token: 400ms, idle: 400ms, total: 1500ms }
                    breaker: { consecutive-failures: 1000000, failure-rate-percent: 100, window: 64, minimum-calls: 64 }
                    deployments:
                %s
                """;
        String primaryDeployment = "      - { provider: primary, model: m-primary }\n";
        String deadDeployment = "      - { provider: dead, model: m-dead }\n";
        String backupDeployment = "      - { provider: backup, model: m-backup }\n";
        hedge = TestHedge.start("""
                providers:
                  - { name: primary, dialect: openai, base-url: "%s" }
                  - { name: backup, dialect: openai, base-url: "%s" }
                  - { name: dead, dialect: openai, base-url: "%s" }
                models:
                """.formatted(primary.baseUrl(), backup.baseUrl(), DeadPort.baseUrl())
                + model.formatted("single", primaryDeployment)
                + model.formatted("pair", primaryDeployment + backupDeployment)
                + model.formatted("single-dead", deadDeployment)
                + model.formatted("pair-dead", deadDeployment + backupDeployment));
    }

    @AfterAll
    static void stop() {
        hedge.close();
        await(() -> primary.openConnections() == 0 && backup.openConnections() == 0,
                "Hedge left upstream connections open after it closed");
        primary.close();
        backup.close();
    }

    @AfterEach
    void nothingLeftHanging() {
        settle(hedge, primary, backup);
    }

    /**
     * Waits until no upstream exchange is open and no deployment call is in flight, checks that every scripted
     * answer was used, and forgets the upstreams' requests for the next test.
     */
    static void settle(TestHedge hedge, FakeUpstream... upstreams) {
        await(() -> java.util.Arrays.stream(upstreams).allMatch(upstream -> upstream.activeExchanges() == 0)
                && hedge.app().gateway().deployments().stats().stream().mapToInt(DeploymentStats::inFlight).sum() == 0,
                "an upstream exchange or a deployment call is still open");
        for (FakeUpstream upstream : upstreams) {
            upstream.assertAllConsumed();
            upstream.reset();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (boolean stream : new boolean[] {false, true}) {
                for (boolean withBackup : new boolean[] {false, true}) {
                    cases.add(Arguments.of(fault, stream, withBackup));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} stream={1} backup={2}")
    @MethodSource("cases")
    void faultReachesTheClientOnlyWhenNothingCanServe(Fault fault, boolean stream, boolean withBackup) throws IOException {
        boolean refused = fault == Fault.CONNECTION_REFUSED;
        if (!refused) {
            primary.enqueue(fault.script(stream, "m-primary"));
        }
        boolean breaksAfterCommit = stream && fault.breaksAfterContent();
        boolean failsOver = fault != Fault.LATENCY && !breaksAfterCommit && withBackup;
        if (failsOver) {
            backup.enqueue(Fault.healthy(stream, "m-backup", "Backup"));
        }
        String model = (withBackup ? "pair" : "single") + (refused ? "-dead" : "");

        HttpResponse<String> response = hedge.post("/chat/completions", """
                {"model": "%s", "stream": %s, "messages": [{"role": "user", "content": "hi"}]}
                """.formatted(model, stream));

        assertThat(primary.requests()).as("attempts on the primary").hasSize(refused ? 0 : 1);
        assertThat(backup.requests()).as("attempts on the backup").hasSize(failsOver ? 1 : 0);
        if (fault == Fault.LATENCY || failsOver) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(content(response, stream)).isEqualTo(failsOver ? "Backup" : "Hello");
            assertThat(response.headers().firstValue("x-hedge-deployment"))
                    .contains(failsOver ? "backup/m-backup" : "primary/m-primary");
            assertThat(response.headers().firstValue("x-hedge-attempts")).contains(failsOver ? "2" : "1");
            return;
        }
        if (breaksAfterCommit) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(content(response, true)).isEqualTo(Fault.PARTIAL);
            JsonNode last = lastEvent(response);
            assertThat(last.path("error").path("message").asText()).contains("broke after it started");
            assertThat(response.body().lines()).as("no [DONE] after a broken stream").doesNotContain("data: [DONE]");
            return;
        }
        Expected expected = Expected.of(fault);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected.status());
        JsonNode error = Json.tree(response.body().getBytes()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        if (expected.code() != null) {
            assertThat(error.path("code").asText()).isEqualTo(expected.code());
        }
        if (fault == Fault.HTTP_429) {
            assertThat(response.headers().firstValue("retry-after")).contains("1");
        }
    }

    /** What a client gets when the only deployment has {@code fault} before any content. */
    private record Expected(int status, String code) {
        static Expected of(Fault fault) {
            return switch (fault) {
                case CONNECTION_REFUSED -> new Expected(502, "upstream_unreachable");
                case RESET_BEFORE_HEADERS, RESET_MID_STREAM -> new Expected(502, "upstream_connection_lost");
                case HTTP_500, HTTP_502, ERROR_BEFORE_FIRST_TOKEN, ERROR_AFTER_CONTENT -> new Expected(502, "upstream_error");
                case HTTP_503 -> new Expected(503, "upstream_overloaded");
                case HTTP_429 -> new Expected(429, null);
                case MALFORMED_JSON, TRUNCATED -> new Expected(502, "upstream_bad_response");
                case STALL, HANG -> new Expected(504, "upstream_timeout");
                case LATENCY -> throw new IllegalArgumentException("LATENCY succeeds");
            };
        }
    }

    private static String content(HttpResponse<String> response, boolean stream) throws IOException {
        if (!stream) {
            return Json.tree(response.body().getBytes()).path("choices").path(0).path("message").path("content").asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode event : events(response)) {
            text.append(event.path("choices").path(0).path("delta").path("content").asText(""));
        }
        return text.toString();
    }

    private static JsonNode lastEvent(HttpResponse<String> response) throws IOException {
        List<JsonNode> events = events(response);
        assertThat(events).isNotEmpty();
        return events.getLast();
    }

    private static List<JsonNode> events(HttpResponse<String> response) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(Json.tree(line.substring(6).getBytes()));
            }
        }
        return events;
    }
}
