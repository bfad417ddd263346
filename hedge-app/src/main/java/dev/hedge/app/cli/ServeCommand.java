package dev.hedge.app.cli;

import dev.hedge.app.HedgeApp;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.server.HeapTrim;
import dev.hedge.server.ServerSettings;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hedge serve}: runs the gateway until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
final class ServeCommand implements Runnable {

    @Mixin
    ConfigOptions options;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (overrides server.host).")
    @Nullable String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port to listen on; 0 picks a free one (overrides server.port).")
    @Nullable Integer port;

    @Option(names = "--aot-training", hidden = true,
            description = "The launcher's AOT cache training run: serve requests to an upstream of its own in the "
                    + "data directory, then stop (see AotTraining).")
    boolean aotTraining;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        if (aotTraining) {
            int answered = AotTraining.run(options.dataDir.toAbsolutePath());
            spec.commandLine().getOut().printf("AOT training: %d requests answered as expected%n", answered);
            return;
        }
        long started = System.nanoTime();
        HedgeConfig config = withOverrides(options.loadForServing());
        HedgeApp app = HedgeApp.start(config, options.dataDir);
        // the serving process only: an embedding application's heap is its own to manage
        Optional<HeapTrim> heapTrim = HeapTrim.start(app.server()::inFlight, app.server()::requestsStarted);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            heapTrim.ifPresent(HeapTrim::close);
            app.close();
            stopped.countDown();
        }, "hedge-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        Banner.print(out, app, options, (System.nanoTime() - started) / 1_000_000);
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HedgeConfig withOverrides(HedgeConfig config) {
        ServerSettings server = config.server();
        ServerSettings overridden = new ServerSettings(host != null ? host : server.host(),
                port != null ? port : server.port(), server.maxBodyBytes(), server.maxConcurrentRequests(),
                server.eventLoops(), server.publicUrl());
        return new HedgeConfig(overridden, config.masterKey(), config.store(), config.providers(), config.models(),
                config.local(), config.source(), config.notes(), config.sharedState(), config.routers());
    }
}
