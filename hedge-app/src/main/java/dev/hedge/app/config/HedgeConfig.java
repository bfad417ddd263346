package dev.hedge.app.config;

import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.server.ServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, validated.
 *
 * @param masterKey the admin key ({@code auth.master-key}, default {@code $HEDGE_MASTER_KEY})
 * @param store where keys and the ledger live; empty means SQLite in the data directory
 * @param source the file it was read from; empty for zero configuration
 * @param notes what zero-configuration discovery found or skipped, for the start-up banner
 */
public record HedgeConfig(
        ServerSettings server,
        Optional<Secret> masterKey,
        Optional<String> store,
        List<ProviderSpec> providers,
        List<ModelSpec> models,
        LocalConfig local,
        Optional<Path> source,
        List<String> notes,
        List<RouterPolicySpec> routers) {

    /** The name of the in-process provider (GGUF chat and MiniLM embeddings); reserved. */
    public static final String LOCAL_PROVIDER = "local";

    public HedgeConfig {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
        notes = List.copyOf(notes);
        routers = List.copyOf(routers);
    }

    /** A configuration without quality-router models. */
    public HedgeConfig(ServerSettings server, Optional<Secret> masterKey, Optional<String> store,
            List<ProviderSpec> providers, List<ModelSpec> models, LocalConfig local, Optional<Path> source,
            List<String> notes) {
        this(server, masterKey, store, providers, models, local, source, notes, List.of());
    }

    /**
     * Models running inside Hedge.
     *
     * @param modelsDir every {@code *.gguf} in it is served as chat model {@code local/<file-stem>}
     * @param embeddings whether {@code local/all-minilm-l6-v2} is served
     * @param threads llama.cpp threads per generation
     * @param maxConcurrent generations at once per GGUF model
     */
    public record LocalConfig(Optional<Path> modelsDir, boolean embeddings, int threads, int maxConcurrent) {
        public static final LocalConfig DEFAULT = new LocalConfig(Optional.empty(), true, 1, 1);
    }
}
