package dev.hedge.app.cli;

import dev.hedge.app.admin.KeyAdmin;
import dev.hedge.store.Store;
import dev.hedge.store.Team;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hedge teams}: team budgets and limits, shared by every key of the team. */
@Command(name = "teams", mixinStandardHelpOptions = true, description = "Set, list and delete team budgets and limits.",
        subcommands = {TeamsCommand.Set.class, TeamsCommand.ListTeams.class, TeamsCommand.Delete.class})
final class TeamsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create a team or replace its limits (keys join with 'keys create --team NAME').")
    static final class Set implements Runnable {
        @Mixin
        ConfigOptions options;

        @Option(names = "--name", required = true, description = "The team's name.")
        String name = "";

        @Mixin
        LimitOptions limits;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (Store store = KeysCommand.open(options)) {
                Team team = new KeyAdmin(store, Clock.systemUTC()).putTeam(name, limits.toLimits());
                spec.commandLine().getOut().printf("Team '%s': %s%n", team.name(), KeyAdmin.summary(team.limits()));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List teams and their limits.")
    static final class ListTeams implements Runnable {
        @Mixin
        ConfigOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store store = KeysCommand.open(options)) {
                out.printf("%-20s %s%n", "TEAM", "LIMITS");
                for (Team team : new KeyAdmin(store, Clock.systemUTC()).teams()) {
                    out.printf("%-20s %s%n", team.name(), KeyAdmin.summary(team.limits()));
                }
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a team's limits.")
    static final class Delete implements Runnable {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "The team's name.")
        String name = "";

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (Store store = KeysCommand.open(options)) {
                new KeyAdmin(store, Clock.systemUTC()).deleteTeam(name);
                spec.commandLine().getOut().printf("Deleted team '%s'; its keys keep their own limits.%n", name);
            }
        }
    }
}
