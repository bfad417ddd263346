package dev.hedge.providers.azure;

import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.providers.openai.OpenAiRoutes;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Azure's layout for OpenAI-shaped calls. A base URL whose path ends in {@code /models} is an Azure AI
 * Foundry model-inference endpoint: operations go under it and the model travels in the body. Any other is
 * an Azure OpenAI resource: {@code /openai/deployments/{deployment}/<operation>}, the deployment being the
 * deployment's {@code model} ({@code /openai} is not doubled when the base URL already ends with it). Every
 * call carries {@code api-version}: the provider's, else {@value #DEFAULT_OPENAI_VERSION} for Azure OpenAI
 * and {@value #DEFAULT_FOUNDRY_VERSION} for Foundry. The key is sent as {@code api-key}; an Entra ID token
 * goes in {@code headers: {Authorization: Bearer ...}} instead.
 */
public final class AzureRoutes implements OpenAiRoutes {

    public static final String DEFAULT_OPENAI_VERSION = "2024-10-21";
    public static final String DEFAULT_FOUNDRY_VERSION = "2024-05-01-preview";

    private final boolean foundry;
    private final String prefix;
    private final String version;

    public AzureRoutes(ProviderSpec spec) {
        String path = spec.baseUrl().getRawPath() == null ? "" : spec.baseUrl().getRawPath().replaceAll("/+$", "");
        this.foundry = path.endsWith("/models");
        this.prefix = foundry || path.endsWith("/openai") ? "" : "/openai";
        this.version = spec.apiVersion().orElse(foundry ? DEFAULT_FOUNDRY_VERSION : DEFAULT_OPENAI_VERSION);
    }

    /** Whether this is an Azure AI Foundry model-inference endpoint. */
    public boolean foundry() {
        return foundry;
    }

    @Override
    public String path(String operation, String model) {
        String query = "?api-version=" + URLEncoder.encode(version, StandardCharsets.UTF_8);
        if (foundry) {
            return operation + query;
        }
        return prefix + "/deployments/" + URLEncoder.encode(model, StandardCharsets.UTF_8) + operation + query;
    }

    @Override
    public void authorize(ProviderSpec spec, MultiMap headers) {
        spec.apiKey().ifPresent(key -> headers.set("api-key", key.reveal()));
    }
}
