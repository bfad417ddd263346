package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.hedge.app.cli.Main;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Supplier keys and virtual keys never reach logs, error bodies or answers; each request logs one line. */
class SecretsStaySecretTest {

    private static final String UPSTREAM_KEY = "sk-upstream-very-secret-0987654321";

    @Test
    void keysAppearNowhereAndEachRequestLogsOneLine() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        try (FakeUpstream upstream = FakeUpstream.start();
                TestHedge hedge = TestHedge.start("""
                        providers:
                          - { name: up, dialect: openai, base-url: "%s", api-key: "${UP_KEY}" }
                        models:
                          - { name: m, deployments: [{ provider: up, model: m }] }
                        """.formatted(upstream.baseUrl()), Map.of("UP_KEY", UPSTREAM_KEY))) {
            StringWriter created = new StringWriter();
            Main.run(new String[] {"keys", "create", "--name", "app", "--data-dir", hedge.dataDir().toString()},
                    new PrintWriter(created), new PrintWriter(new StringWriter()));
            String virtualKey = created.toString().strip();
            upstream.enqueue(
                    Script.ok(OpenAiFixtures.completion("m", "fine", 1, 1)),
                    Script.error(401, "invalid_request_error", "Incorrect API key provided: " + UPSTREAM_KEY),
                    Script.error(400, "invalid_request_error", "bad request from " + virtualKey));
            String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

            List<String> answers = List.of(
                    hedge.post("/chat/completions", body, virtualKey).body(),
                    hedge.post("/chat/completions", body, virtualKey).body(),
                    hedge.post("/chat/completions", body, virtualKey).body(),
                    hedge.post("/chat/completions", body, virtualKey + "x").body());

            for (String answer : answers) {
                assertThat(answer).doesNotContain(UPSTREAM_KEY).doesNotContain(virtualKey.substring(9));
            }
            assertThat(answers.get(1)).contains("upstream_auth_failed");
            // a request's line is written just after its answer
            TestHedge.await(() -> requestLines(logs).size() >= 4, "four request lines");
            for (ILoggingEvent event : events(logs)) {
                assertThat(event.getFormattedMessage()).doesNotContain(UPSTREAM_KEY).doesNotContain(virtualKey.substring(9));
            }
            List<String> requestLines = requestLines(logs);
            assertThat(requestLines).hasSize(4);
            assertThat(requestLines.getFirst()).contains("\"key\":\"app\"").contains("\"deployment\":\"up/m\"")
                    .contains("\"status\":200").contains("\"prompt_tokens\":1").contains("latency_ms");
        } finally {
            root.detachAppender(logs);
        }
    }

    private static List<ILoggingEvent> events(ListAppender<ILoggingEvent> logs) {
        synchronized (logs) { // the appender adds under its own lock
            return List.copyOf(logs.list);
        }
    }

    private static List<String> requestLines(ListAppender<ILoggingEvent> logs) {
        return events(logs).stream()
                .filter(event -> event.getLoggerName().equals("hedge.requests"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
