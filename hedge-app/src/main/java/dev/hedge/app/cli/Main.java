package dev.hedge.app.cli;

import dev.hedge.app.config.ConfigException;
import dev.hedge.store.StoreException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hedge}: the command line. */
@Command(
        name = "hedge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Hedge: one OpenAI-compatible endpoint in front of every model supplier.")
public final class Main implements Runnable {

    /**
     * The subcommands, in the order {@code hedge --help} lists them. picocli reflects over a command class (and its
     * own subcommands) when it is added, so a run adds only the one its first argument names: that part of
     * {@code hedge serve}'s start-up drops from a third of a second to a few milliseconds. ({@code hedge help X}
     * needs them all.)
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(ServeCommand.class, KeysCommand.class, TeamsCommand.class,
            ReportCommand.class, ConfigCommand.class, DoctorCommand.class, RouterCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        boolean named = !first.equals("help") && SUBCOMMANDS.stream().anyMatch(command -> name(command).equals(first));
        for (Class<?> command : SUBCOMMANDS) {
            if (!named || name(command).equals(first)) {
                line.addSubcommand(command);
            }
        }
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            if (error instanceof ConfigException || error instanceof StoreException
                    || error instanceof IllegalArgumentException) {
                commandLine.getErr().println("hedge: " + error.getMessage());
                return 2;
            }
            throw error;
        });
        return line.execute(args);
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hedge " + (version == null ? "dev" : version)};
        }
    }
}
