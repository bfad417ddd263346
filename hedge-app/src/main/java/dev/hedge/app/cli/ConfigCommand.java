package dev.hedge.app.cli;

import dev.hedge.app.config.HedgeConfig;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hedge config check}: validates a configuration and prints what it means, secrets redacted. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check a configuration.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the configuration and print the providers and models it defines.")
    static final class Check implements Runnable {
        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            HedgeConfig config = options.loadForServing();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("configuration %s is valid%n", config.source().map(Object::toString).orElse("(none)"));
            out.printf("server: %s:%d%n", config.server().host(), config.server().port());
            for (ProviderSpec provider : config.providers()) {
                out.printf("provider %s: dialect %s, %s, api-key %s%n", provider.name(),
                        provider.dialect().configName(), provider.baseUrl(),
                        provider.apiKey().map(k -> "set").orElse("none"));
            }
            for (ModelSpec model : config.models()) {
                out.printf("model %s:%n", model.name());
                for (DeploymentSpec deployment : model.deployments()) {
                    out.printf("  -> %s (input %s, output %s USD/Mtok)%n", deployment.id(),
                            deployment.prices().inputPerMtok().map(Object::toString).orElse("?"),
                            deployment.prices().outputPerMtok().map(Object::toString).orElse("?"));
                }
            }
            config.notes().forEach(note -> out.println("note: " + note));
        }
    }
}
