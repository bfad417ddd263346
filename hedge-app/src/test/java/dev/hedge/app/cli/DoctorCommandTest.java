package dev.hedge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hedge.testing.FakeAnthropic;
import dev.hedge.testing.FakeUpstream;
import dev.hedge.testing.OpenAiFixtures;
import dev.hedge.testing.Script;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code hedge doctor} against fake suppliers: one healthy, one drifting, one refusing the key. */
class DoctorCommandTest {

    private FakeAnthropic anthropic;
    private FakeUpstream llama;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        anthropic = FakeAnthropic.start();
        llama = FakeUpstream.start();
        config = Files.createTempFile("hedge-doctor-", ".yaml");
        Files.writeString(config, """
                auth: { master-key: sk-doctor-master-0123456789 }
                providers:
                  - { name: claude, dialect: anthropic, base-url: "%s", api-key: sk-ant-doctor-0123 }
                  - { name: llama, dialect: openai, base-url: "%s", stream-usage: false }
                models:
                  - name: sonnet
                    deployments: [ { provider: claude, model: claude-sonnet-4, input-usd-per-mtok: 3, output-usd-per-mtok: 15 } ]
                  - name: llama
                    deployments: [ { provider: llama, model: llama3, input-usd-per-mtok: 0, output-usd-per-mtok: 0 } ]
                """.formatted(anthropic.baseUrl(), llama.baseUrl()));
    }

    @AfterEach
    void stop() throws IOException {
        anthropic.close();
        llama.close();
        Files.deleteIfExists(config);
    }

    private record Run(int exit, String out, String err) {}

    private Run doctor(String... extra) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new java.util.ArrayList<>(List.of("doctor", "--config", config.toString()));
        args.addAll(List.of(extra));
        int exit = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void reportsWorkingSuppliersAndTheDriftTheyShow() {
        anthropic.enqueue(FakeAnthropic.message("claude-sonnet-4", "OK", 12, 1),
                FakeAnthropic.streamText("claude-sonnet-4", List.of("O", "K"), 12, 1));
        Map<String, Object> eos = new LinkedHashMap<>(OpenAiFixtures.completion("llama3", "OK", 8, 1));
        eos.put("timings", Map.of("predicted_ms", 3));
        llama.enqueue(Script.ok(eos), Script.stream()
                .event(OpenAiFixtures.contentChunk("llama3", "OK"))
                .event(OpenAiFixtures.finishChunk("llama3", "eos"))
                .end());

        Run run = doctor();

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("claude (anthropic) claude-sonnet-4: ok")
                .containsPattern("chat +ok +\\d+ ms +\"OK\" finish=stop usage=12/1")
                .containsPattern("stream +ok +\\d+ ms +\"OK\" \\d+ chunks finish=stop usage=12/1")
                .contains("llama (openai) llama3: ok")
                .contains("drift  unknown_field timings dropped x1")
                .contains("drift  unknown_value choices[].finish_reason repaired x1 ('eos' -> 'stop')");
        assertThat(anthropic.upstream().requests()).hasSize(2);
        assertThat(anthropic.upstream().requests().get(1).json().path("stream").asBoolean()).isTrue();
        anthropic.upstream().assertAllConsumed();
        llama.assertAllConsumed();
    }

    @Test
    void aSupplierThatRefusesFailsTheRunNamingWhy() {
        anthropic.enqueue(FakeAnthropic.error(401, "authentication_error", "invalid x-api-key"),
                FakeAnthropic.error(401, "authentication_error", "invalid x-api-key"));

        Run run = doctor("--provider", "claude");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("claude (anthropic) claude-sonnet-4: FAILED")
                .contains("http_status 401").contains("invalid x-api-key").doesNotContain("llama")
                .doesNotContain("sk-ant-doctor-0123");
    }

    @Test
    void anUnknownProviderIsAnError() {
        Run run = doctor("--provider", "nope");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--provider: 'nope' is not configured");
    }
}
