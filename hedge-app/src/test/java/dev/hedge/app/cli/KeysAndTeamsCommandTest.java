package dev.hedge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code hedge keys} and {@code hedge teams} with budgets and limits, on an SQLite store in a temp directory. */
class KeysAndTeamsCommandTest {

    private final Path dataDir;

    KeysAndTeamsCommandTest() throws IOException {
        dataDir = Files.createTempDirectory("hedge-cli-");
    }

    @AfterEach
    void removeDataDir() throws IOException {
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private record Run(int code, String out, String err) {}

    private Run hedge(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void createsAKeyWithBudgetAndLimitsAndListsThem() {
        Run created = hedge("keys", "create", "--name", "billing", "--team", "finance", "--budget-usd", "12.5",
                "--budget-period", "daily", "--rpm", "30", "--tpm", "40000");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out().strip()).startsWith("sk-hedge-");
        assertThat(created.err()).contains("limits: $12.5 daily, 30 rpm, 40000 tpm");

        Run list = hedge("keys", "list");
        assertThat(list.out()).contains("billing", "finance", "$12.5 daily, 30 rpm, 40000 tpm")
                .doesNotContain(created.out().strip());
    }

    @Test
    void teamsCanBeSetListedAndDeleted() {
        assertThat(hedge("teams", "set", "--name", "finance", "--budget-usd", "100").out())
                .contains("Team 'finance': $100 monthly");
        assertThat(hedge("teams", "set", "--name", "finance", "--budget-usd", "200", "--budget-period", "total",
                "--rpm", "5").out()).contains("$200 total, 5 rpm");
        assertThat(hedge("teams", "list").out()).contains("finance", "$200 total, 5 rpm");
        assertThat(hedge("teams", "delete", "finance").code()).isZero();
        Run again = hedge("teams", "delete", "finance");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("no team named 'finance'");
    }

    @Test
    void badLimitsAreRefusedNamingTheOption() {
        Run period = hedge("keys", "create", "--name", "x", "--budget-usd", "1", "--budget-period", "weekly");
        assertThat(period.code()).isEqualTo(2);
        assertThat(period.err()).contains("--budget-period: 'weekly' (expected: daily, monthly or total)");
        Run orphan = hedge("keys", "create", "--name", "x", "--budget-period", "daily");
        assertThat(orphan.err()).contains("--budget-period: given without a budget");
        Run cents = hedge("keys", "create", "--name", "x", "--budget-usd", "0.0000001");
        assertThat(cents.err()).contains("--budget-usd: 0.0000001 (expected: at most 6 decimals)");
        Run rpm = hedge("keys", "create", "--name", "x", "--rpm", "0");
        assertThat(rpm.err()).contains("--rpm: 0 (expected: > 0)");
        assertThat(hedge("keys", "list").out()).doesNotContain(" x ");
    }
}
