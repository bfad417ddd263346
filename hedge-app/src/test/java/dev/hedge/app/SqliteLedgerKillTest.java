package dev.hedge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The SQLite ledger's write-ahead journal: a {@code hedge serve} process killed with SIGKILL under load loses no
 * record of an answer a client received; the next start replays the journal into the database.
 */
class SqliteLedgerKillTest {

    private static final String CHAT = """
            {"model":"gpt-4o-mini","max_tokens":50,"messages":[{"role":"user","content":"Say something short."}]}""";

    @Test
    void killNineThenRestartLosesNoRecordOfAnAnswerAClientReceived() throws Exception {
        Path dir = Files.createTempDirectory("hedge-kill-");
        try (FakeUpstream upstream = FakeUpstream.start();
                HttpClient http = HttpClient.newHttpClient();
                ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            upstream.fallback(request -> OpenAiFixtures.answer(request.bodyText().contains("\"stream\":true"),
                    "gpt-4o-mini", "Short.", 12, 3));
            Path config = dir.resolve("hedge.yaml");
            Files.writeString(config, "server: { host: 127.0.0.1, port: 0 }\n" + TestHedge.oneFakeModel(upstream.baseUrl()));
            Path data = dir.resolve("data");
            Set<String> received = ConcurrentHashMap.newKeySet();
            try (HedgeProcess victim = HedgeProcess.start(config, data)) {
                AtomicBoolean stop = new AtomicBoolean();
                List<CompletableFuture<Void>> loops = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    boolean stream = c % 2 == 0;
                    String body = stream ? CHAT.replace("\"max_tokens\":50", "\"max_tokens\":50,\"stream\":true") : CHAT;
                    loops.add(CompletableFuture.runAsync(() -> {
                        while (!stop.get()) {
                            try {
                                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                                URI.create(victim.baseUrl() + "/chat/completions"))
                                        .timeout(Duration.ofSeconds(30))
                                        .header("authorization", "Bearer " + TestHedge.MASTER_KEY)
                                        .header("content-type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                boolean complete = answer.statusCode() == 200
                                        && (stream ? answer.body().contains("data: [DONE]") : answer.body().endsWith("}"));
                                if (complete) {
                                    received.add(answer.headers().firstValue("x-request-id").orElseThrow());
                                }
                            } catch (Exception e) {
                                // the kill cuts requests off; only complete answers count
                            }
                        }
                    }, clients));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.size() < 300 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                victim.kill9();
                stop.set(true);
                CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            }
            assertThat(received).hasSizeGreaterThanOrEqualTo(300);
            // the next start replays what the killed one journaled but had not committed
            try (HedgeProcess next = HedgeProcess.start(config, data)) {
                assertThat(next.port()).isPositive();
            }
            List<String> missing;
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("hedge.db"))) {
                missing = HedgeProcess.missingFromLedger(connection, received);
            }
            assertThat(missing).as("answers received but not on record (of %d)", received.size()).isEmpty();
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
