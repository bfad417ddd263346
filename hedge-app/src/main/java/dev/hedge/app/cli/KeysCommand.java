package dev.hedge.app.cli;

import dev.hedge.app.HedgeApp;
import dev.hedge.app.admin.KeyAdmin;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.auth.VirtualKey;
import dev.hedge.store.Store;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hedge keys}: virtual keys in the store; works while a server runs on the same store. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list and revoke virtual keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Store open(ConfigOptions options) {
        return Store.open(HedgeApp.storeLocation(options.loadForStore(), options.dataDir));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key; it is printed once and only its hash is stored.")
    static final class Create implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true, description = "A name for the key (shown in logs and reports).")
        String name = "";

        @Option(names = "--models", split = ",", paramLabel = "MODEL",
                description = "Public models the key may use (comma-separated; default: all).")
        @Nullable List<String> models;

        @Option(names = "--team", description = "The team the key belongs to.")
        @Nullable String team;

        @Mixin
        LimitOptions limits;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Limits parsed = limits.toLimits();
            KeyAdmin.Created created;
            try (Store store = open(options)) {
                created = new KeyAdmin(store, Clock.systemUTC()).createKey(name, Optional.ofNullable(team),
                        models == null ? List.of() : models, parsed);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(created.secret());
            VirtualKey record = created.key();
            spec.commandLine().getErr().printf("Created key '%s' (%s)%s; limits: %s. It is shown only now; store it safely.%n",
                    record.name(), record.id(),
                    record.models().isEmpty() ? " for all models" : " for " + String.join(", ", record.models()),
                    KeyAdmin.summary(parsed));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Runnable {
        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = open(options)) {
                List<KeyAdmin.Listed> keys = new KeyAdmin(store, Clock.systemUTC()).listKeys();
                out.printf("%-26s %-20s %-16s %-10s %-8s %-20s %s%n", "ID", "NAME", "PREFIX", "TEAM", "STATE", "MODELS",
                        "LIMITS");
                for (KeyAdmin.Listed listed : keys) {
                    VirtualKey key = listed.key();
                    out.printf("%-26s %-20s %-16s %-10s %-8s %-20s %s%n", key.id(), key.name(), key.prefix() + "…",
                            key.team().orElse("-"), key.active() ? "active" : "revoked",
                            key.models().isEmpty() ? "all" : String.join(",", key.models()),
                            KeyAdmin.summary(listed.limits()));
                }
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id or name.")
    static final class Revoke implements Runnable {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "ID_OR_NAME", description = "The key's id or name.")
        String idOrName = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (Store store = open(options)) {
                VirtualKey revoked = store.keys().revoke(idOrName).orElseThrow(() ->
                        new IllegalArgumentException("no active key with id or name '%s'".formatted(idOrName)));
                spec.commandLine().getOut().printf("Revoked key '%s' (%s); servers stop accepting it within seconds.%n",
                        revoked.name(), revoked.id());
            }
        }
    }

}
