package dev.hedge.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real, separate {@code hedge serve} process (the test's class path, JDK 25), on 127.0.0.1 and a free
 * port, for tests that need several processes or must kill one with SIGKILL.
 */
final class HedgeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/v1");

    private final Process process;
    private final int port;
    private final Path output;

    private HedgeProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts {@code hedge serve --config config --data-dir dataDir --port 0} and waits until it listens. */
    static HedgeProcess start(Path config, Path dataDir) {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(javaBin.toString(), "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.hedge.app.cli.Main", "serve", "--config", config.toString(), "--data-dir", dataDir.toString(),
                "--port", "0");
        // output goes to a file, not a pipe: a pipe the test reads too slowly would block the server's logging
        Path log = dataDir.resolve("hedge.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("HEDGE_MASTER_KEY", TestHedge.MASTER_KEY);
        Process process;
        try {
            Files.createDirectories(dataDir);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = read(log);
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return new HedgeProcess(process, Integer.parseInt(matcher.group(1)), log);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("hedge serve exited before listening:\n" + text);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("hedge serve did not listen within 120 s:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** What the process printed so far. */
    String output() {
        return read(output);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill9() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The ids of {@code received} that have no row in {@code ledger_requests} of the database {@code connection} reaches. */
    static List<String> missingFromLedger(java.sql.Connection connection, java.util.Collection<String> received)
            throws java.sql.SQLException {
        List<String> missing = new java.util.ArrayList<>();
        try (java.sql.PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM ledger_requests WHERE request_id = ?")) {
            for (String id : received) {
                statement.setString(1, id);
                try (java.sql.ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        missing.add(id);
                    }
                }
            }
        }
        return missing;
    }
}
