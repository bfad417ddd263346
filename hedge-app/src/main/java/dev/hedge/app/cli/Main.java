package dev.hedge.app.cli;

import dev.hedge.app.config.ConfigException;
import dev.hedge.store.StoreException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hedge}: the command line. */
@Command(
        name = "hedge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Hedge: one OpenAI-compatible endpoint in front of every model supplier.",
        subcommands = {ServeCommand.class, KeysCommand.class, TeamsCommand.class, ReportCommand.class, ConfigCommand.class,
                DoctorCommand.class, RouterCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = new CommandLine(new Main());
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
