package dev.hedge.app.cli;

import dev.hedge.app.config.ConfigLoader;
import dev.hedge.app.config.EnvDiscovery;
import dev.hedge.app.config.HedgeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every subcommand takes: which configuration, which data directory. */
public final class ConfigOptions {

    static final Path DEFAULT_CONFIG = Path.of("hedge.yaml");
    static final Path DEFAULT_MODELS_DIR = Path.of("models");

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: $HEDGE_CONFIG, else ./hedge.yaml if present, else none).")
    @Nullable Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${HEDGE_DATA_DIR:-./data}",
            description = "Where Hedge keeps its SQLite store and caches (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of("data");

    /** The configuration file in effect, if any. */
    Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(config);
        }
        String fromEnv = System.getenv("HEDGE_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        return Files.isRegularFile(DEFAULT_CONFIG) ? Optional.of(DEFAULT_CONFIG) : Optional.empty();
    }

    /** The configuration for serving: the file, or zero configuration with suppliers from the environment. */
    HedgeConfig loadForServing() {
        ConfigLoader loader = ConfigLoader.withSystemEnvironment();
        Optional<Path> file = configFile();
        if (file.isPresent()) {
            return loader.load(file.get());
        }
        // zero configuration: GGUF files in ./models, if that directory exists, are served too
        HedgeConfig empty = loader.parse(Files.isDirectory(DEFAULT_MODELS_DIR) ? "local: { models-dir: ./models }" : "",
                Optional.empty());
        return new EnvDiscovery(name -> Optional.ofNullable(System.getenv(name))).discover(empty);
    }

    /** The configuration for commands that only use the store: supplier credentials may be absent. */
    HedgeConfig loadForStore() {
        ConfigLoader loader = ConfigLoader.forStoreCommands();
        return configFile().map(loader::load).orElseGet(() -> loader.parse("", Optional.empty()));
    }
}
