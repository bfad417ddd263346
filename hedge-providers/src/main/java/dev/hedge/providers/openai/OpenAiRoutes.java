package dev.hedge.providers.openai;

import dev.hedge.core.catalog.ProviderSpec;
import io.vertx.core.MultiMap;

/**
 * Where an OpenAI-shaped API takes each operation and how it wants the credential: OpenAI's own layout
 * ({@code /chat/completions}, {@code Authorization: Bearer}) by default; Azure's deployments and
 * {@code api-key} header in another implementation.
 */
public interface OpenAiRoutes {

    /** OpenAI's layout: the operation's path under the base URL, a bearer token. */
    OpenAiRoutes OPENAI = new OpenAiRoutes() {};

    /**
     * The path (with query) relative to the base URL.
     *
     * @param operation {@code /chat/completions}, {@code /completions} or {@code /embeddings}
     * @param model the supplier's model (or deployment) name
     */
    default String path(String operation, String model) {
        return operation;
    }

    /** Adds the credential to {@code headers}. */
    default void authorize(ProviderSpec spec, MultiMap headers) {
        spec.apiKey().ifPresent(key -> headers.set("authorization", "Bearer " + key.reveal()));
    }
}
