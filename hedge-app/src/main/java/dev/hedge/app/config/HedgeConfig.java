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
 * @param sharedState where budgets and rate limits are counted when several processes share them
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
        SharedState sharedState,
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
            List<String> notes, SharedState sharedState) {
        this(server, masterKey, store, providers, models, local, source, notes, sharedState, List.of());
    }

    /** The configuration with {@code sharedState} unset (budgets and limits counted in this process). */
    public HedgeConfig(ServerSettings server, Optional<Secret> masterKey, Optional<String> store,
            List<ProviderSpec> providers, List<ModelSpec> models, LocalConfig local, Optional<Path> source,
            List<String> notes) {
        this(server, masterKey, store, providers, models, local, source, notes, SharedState.LOCAL);
    }

    /**
     * Where budgets and rate limits are counted ({@code shared-state}, {@code shared-state-failure},
     * {@code shared-state-prefix}).
     *
     * @param redisUrl {@code redis://host:port}; empty counts in this process only
     * @param failOpen whether requests pass unchecked while Redis is unreachable (else they get 503)
     * @param prefix put before every Redis key
     * @param timeout how long an answer from Redis may take before it counts as unreachable
     */
    public record SharedState(Optional<String> redisUrl, boolean failOpen, String prefix, java.time.Duration timeout) {
        public static final SharedState LOCAL = new SharedState(Optional.empty(), false, "hedge:",
                java.time.Duration.ofSeconds(2));
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
