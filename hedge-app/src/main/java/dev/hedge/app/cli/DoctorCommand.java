package dev.hedge.app.cli;

import dev.hedge.app.config.HedgeConfig;
import dev.hedge.app.providers.Doctor;
import dev.hedge.providers.drift.DriftSnapshot;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hedge doctor}: a minimal and a streamed request to each supplier; what works and what drifted. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Send each configured supplier a minimal request and a streamed one; report what works and "
                + "what drifted from OpenAI's shape. Exit code 1 when a supplier fails.")
final class DoctorCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider.")
    @Nullable String provider;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "The supplier's model to ask (default: the first deployment's model of each provider).")
    @Nullable String model;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait per request (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds = 30;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HedgeConfig config = options.loadForServing();
        PrintWriter out = spec.commandLine().getOut();
        if (provider != null && config.providers().stream().noneMatch(p -> p.name().equals(provider))) {
            throw new IllegalArgumentException("--provider: '%s' is not configured (providers: %s)".formatted(provider,
                    config.providers().stream().map(p -> p.name()).toList()));
        }
        if (config.providers().isEmpty()) {
            out.println("no suppliers configured (hedge.yaml providers, or OPENAI_API_KEY, ANTHROPIC_API_KEY, ...)");
            return 1;
        }
        List<Doctor.ProviderReport> reports = new Doctor(Duration.ofSeconds(Math.max(1, timeoutSeconds)))
                .examine(config.providers(), config.models(), Optional.ofNullable(provider), Optional.ofNullable(model));
        boolean allOk = true;
        for (Doctor.ProviderReport report : reports) {
            allOk &= report.ok();
            out.printf("%s (%s) %s: %s%n", report.provider(), report.dialect(),
                    report.model().isEmpty() ? "-" : report.model(), report.ok() ? "ok" : "FAILED");
            for (Doctor.Probe probe : report.probes()) {
                out.printf("  %-6s %-6s %5d ms  %s%n", probe.name(), probe.ok() ? "ok" : "failed", probe.millis(),
                        probe.detail());
            }
            if (report.drift().entries().isEmpty()) {
                out.println("  drift  none");
            }
            for (DriftSnapshot.Entry entry : report.drift().entries()) {
                out.printf("  drift  %s %s %s x%d (%s)%n", entry.kind().label(), entry.field(), entry.action().label(),
                        entry.count(), entry.lastDetail());
            }
        }
        out.flush();
        return allOk ? 0 : 1;
    }
}
