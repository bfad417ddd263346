package dev.hedge.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The command line adds only the subcommand a run names, yet help still knows every one. */
class MainTest {

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void helpListsEverySubcommand() {
        assertThat(run("--help")).contains("serve", "keys", "teams", "report", "config", "doctor", "router", "help");
    }

    @Test
    void helpOfASubcommandNamesItsOwnSubcommands() {
        assertThat(run("help", "keys")).contains("create", "list", "revoke");
    }

    @Test
    void aNamedSubcommandStillParsesItsOwnOptions() {
        assertThat(run("serve", "--help")).contains("--config", "--data-dir", "--port").doesNotContain("--aot-training");
        assertThat(run("keys", "create", "--help")).contains("--name", "--models");
    }
}
