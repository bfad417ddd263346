package dev.hedge.app.cli;

import dev.hedge.app.config.HedgeConfig;
import dev.hedge.app.report.Report;
import dev.hedge.store.LedgerReport;
import dev.hedge.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hedge report}: spend and tokens from the ledger, grouped, with savings against a baseline model. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Spend and tokens from the ledger by key, team, model, deployment, day or purpose (client, shadow, judge).")
final class ReportCommand implements Runnable {

    @Mixin
    ConfigOptions options;

    @Option(names = "--by", defaultValue = "key", paramLabel = "GROUP",
            description = "key, team, model, deployment, day or purpose (default: ${DEFAULT-VALUE}).")
    String by = "key";

    @Option(names = "--since", defaultValue = "30d", paramLabel = "WHEN",
            description = "Start: a date (2026-11-01, UTC), an instant (2026-11-01T12:00:00Z) or an age (7d, 24h, 90m); "
                    + "default: ${DEFAULT-VALUE}.")
    String since = "30d";

    @Option(names = "--until", paramLabel = "WHEN", description = "End (exclusive), same forms as --since; default: now.")
    @Nullable String until;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format = "table";

    @Option(names = "--baseline", paramLabel = "MODEL",
            description = "Also show what the same tokens would have cost on MODEL (a configured model or one in the "
                    + "price catalog), and the savings.")
    @Nullable String baseline;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        LedgerReport.By group = LedgerReport.By.parse(by).orElseThrow(() -> new IllegalArgumentException(
                "--by: '%s' (expected: key, team, model, deployment, day or purpose)".formatted(by)));
        Report.Format output = Report.Format.parse(format).orElseThrow(() -> new IllegalArgumentException(
                "--format: '%s' (expected: table, csv or json)".formatted(format)));
        Clock clock = Clock.systemUTC();
        Instant from = Report.when("--since", since, clock);
        Instant to = until == null ? clock.instant() : Report.when("--until", until, clock);
        HedgeConfig config = options.loadForStore();
        Optional<Report.Baseline> base = Optional.ofNullable(baseline).map(model -> Report.baseline(model, config));
        try (Store store = KeysCommand.open(options)) {
            Report report = new Report(group, from, to, base, store.report().rows(group, from, to));
            report.print(output, spec.commandLine().getOut());
        }
    }
}
