package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the gateway handles is counted once in {@code hedge_requests_total} and logged in one line, just
 * after its answer, whichever way it ends.
 */
class RequestReportEndToEndTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String STREAM = CHAT.replace("{\"model\"", "{\"stream\":true,\"model\"");

    private static FakeUpstream upstream;
    private static TestHedge hedge;
    private static RequestLines log;
    private double countedBefore;

    @BeforeAll
    static void start() {
        upstream = FakeUpstream.start();
        hedge = TestHedge.start("""
                providers:
                  - { name: up, dialect: openai, base-url: "%s" }
                models:
                  - { name: m, deployments: [{ provider: up, model: m }] }
                local: { embeddings: false }
                """.formatted(upstream.baseUrl()));
        log = new RequestLines();
    }

    @AfterAll
    static void stop() {
        log.close();
        hedge.close();
        upstream.close();
    }

    @BeforeEach
    void count() {
        countedBefore = requestsCounted();
    }

    @AfterEach
    void everyScriptWasUsed() {
        upstream.assertAllConsumed();
        upstream.reset();
    }

    @Test
    void aOneOffAnswer() {
        upstream.enqueue(Script.ok(OpenAiFixtures.completion("m", "fine", 3, 1)));
        reportedOnce(hedge.post("/chat/completions", CHAT), 200);
    }

    @Test
    void aCompleteStream() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("m"))
                .event(OpenAiFixtures.contentChunk("m", "fine"))
                .event(OpenAiFixtures.finishChunk("m", "stop"))
                .event(OpenAiFixtures.usageChunk("m", 3, 1))
                .done());
        HttpResponse<String> answer = hedge.post("/chat/completions", STREAM);
        assertThat(answer.body()).endsWith("data: [DONE]\n\n");
        reportedOnce(answer, 200);
    }

    @Test
    void aStreamThatBrokeAfterItsFirstContent() {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("m"))
                .event(OpenAiFixtures.contentChunk("m", "half an answ"))
                .thenReset());
        HttpResponse<String> answer = hedge.post("/chat/completions", STREAM);
        assertThat(answer.body()).contains("half an answ").contains("\"error\"");
        assertThat(reportedOnce(answer, 200)).contains("\"error\":");
    }

    @Test
    void aRequestThatFailedBeforeAnythingWasSent() {
        upstream.enqueue(Script.error(400, "invalid_request_error", "no such thing"));
        HttpResponse<String> answer = hedge.post("/chat/completions", STREAM);
        assertThat(answer.statusCode()).isEqualTo(400);
        reportedOnce(answer, 400);
    }

    @Test
    void aRequestRefusedBeforeTheUpstream() {
        HttpResponse<String> answer = hedge.post("/chat/completions", CHAT.replace("\"m\"", "\"unknown\""));
        assertThat(answer.statusCode()).isEqualTo(404);
        reportedOnce(answer, 404);
    }

    @Test
    void aClientThatLeftInTheMiddleOfAStream() throws IOException {
        upstream.enqueue(Script.stream()
                .event(OpenAiFixtures.roleChunk("m"))
                .event(OpenAiFixtures.contentChunk("m", "and then"))
                .thenHang());
        String requestId;
        try (Socket socket = new Socket("127.0.0.1", hedge.port())) {
            TestHedge.writeChatRequest(socket, STREAM);
            String head = readUntil(socket.getInputStream(), "and then");
            requestId = head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("x-request-id:"))
                    .findFirst().orElseThrow().substring("x-request-id:".length()).strip();
        }
        assertThat(reportedOnce(requestId)).contains("\"status\":499").contains("\"client_gone\":true");
        TestHedge.await(() -> upstream.openRequests().isEmpty(), "the upstream call was not stopped");
    }

    /** The request of {@code answer} is counted once, with its status, and logged once; returns its line. */
    private String reportedOnce(HttpResponse<String> answer, int status) {
        String line = reportedOnce(answer.headers().firstValue("x-request-id").orElseThrow());
        assertThat(line).contains("\"status\":" + status);
        return line;
    }

    private String reportedOnce(String requestId) {
        log.await(lines -> log.of(requestId).size() == 1, "no log line of " + requestId);
        TestHedge.await(() -> requestsCounted() > countedBefore, "the request was not counted");
        assertThat(requestsCounted()).isEqualTo(countedBefore + 1);
        assertThat(log.of(requestId)).hasSize(1);
        return log.of(requestId).getFirst();
    }

    /** The sum of {@code hedge_requests_total} over all its series. */
    private static double requestsCounted() {
        return hedge.get("/metrics", TestHedge.MASTER_KEY).body().lines()
                .filter(line -> line.startsWith("hedge_requests_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (read.indexOf(marker) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the connection closed before '" + marker + "': " + read);
            }
            read.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return read.toString();
    }
}
