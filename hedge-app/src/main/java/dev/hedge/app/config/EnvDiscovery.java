package dev.hedge.app.config;

import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.PriceCatalog;
import dev.hedge.providers.anthropic.AnthropicProvider;
import dev.hedge.providers.gemini.GeminiProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Zero configuration: suppliers found in the usual environment variables, each offering the models our
 * price catalog lists for it (as their own names, e.g. {@code gpt-4o}) and any other of its models as
 * {@code provider/model}.
 *
 * <ul>
 *   <li>{@code OPENAI_API_KEY} (and {@code OPENAI_BASE_URL}) → provider {@code openai}
 *   <li>{@code MISTRAL_API_KEY} → provider {@code mistral} (OpenAI-compatible API at api.mistral.ai)
 *   <li>{@code OLLAMA_HOST} → provider {@code ollama} (its OpenAI-compatible API, no key)
 *   <li>{@code ANTHROPIC_API_KEY} (and {@code ANTHROPIC_BASE_URL}) → provider {@code anthropic}
 *   <li>{@code GEMINI_API_KEY} (or {@code GOOGLE_API_KEY}) → provider {@code gemini}
 *   <li>{@code AZURE_OPENAI_ENDPOINT} with {@code AZURE_OPENAI_API_KEY} (or an Entra ID token in
 *       {@code AZURE_OPENAI_AD_TOKEN}), {@code AZURE_OPENAI_API_VERSION} or {@code OPENAI_API_VERSION} →
 *       provider {@code azure}, deployments named as {@code azure/<deployment>}
 * </ul>
 */
public final class EnvDiscovery {

    private final Function<String, Optional<String>> environment;

    public EnvDiscovery(Function<String, Optional<String>> environment) {
        this.environment = environment;
    }

    /** Adds what the environment offers to {@code base} (a configuration without a file). */
    public HedgeConfig discover(HedgeConfig base) {
        List<ProviderSpec> providers = new ArrayList<>(base.providers());
        List<ModelSpec> models = new ArrayList<>(base.models());
        List<String> notes = new ArrayList<>(base.notes());
        env("OPENAI_API_KEY").ifPresent(key -> {
            URI baseUrl = env("OPENAI_BASE_URL").map(URI::create).orElse(URI.create("https://api.openai.com/v1"));
            add(ProviderSpec.of("openai", Dialect.OPENAI, baseUrl, Optional.of(Secret.of(key)))
                    .withPassthroughModels(true), "openai", providers, models);
            notes.add("OPENAI_API_KEY found: provider 'openai' (%s)".formatted(baseUrl));
        });
        env("MISTRAL_API_KEY").ifPresent(key -> {
            ProviderSpec mistral = ProviderSpec.of("mistral", Dialect.OPENAI, URI.create("https://api.mistral.ai/v1"),
                    Optional.of(Secret.of(key))).withPassthroughModels(true);
            // Mistral reports usage in its last chunk by itself and rejects parameters it does not know
            add(new ProviderSpec(mistral.name(), mistral.dialect(), mistral.baseUrl(), mistral.apiKey(), Map.of(),
                    Optional.empty(), mistral.connectTimeout(), mistral.maxConnections(), false, true, false),
                    "mistral", providers, models);
            notes.add("MISTRAL_API_KEY found: provider 'mistral'");
        });
        env("OLLAMA_HOST").ifPresent(host -> {
            String url = host.startsWith("http://") || host.startsWith("https://") ? host : "http://" + host;
            URI baseUrl = URI.create(url.replaceAll("/+$", "") + "/v1");
            providers.add(ProviderSpec.of("ollama", Dialect.OPENAI, baseUrl, Optional.empty()).withPassthroughModels(true));
            notes.add("OLLAMA_HOST found: provider 'ollama' (%s); name its models as ollama/<model>".formatted(baseUrl));
        });
        env("ANTHROPIC_API_KEY").ifPresent(key -> {
            URI baseUrl = env("ANTHROPIC_BASE_URL").map(URI::create).orElse(AnthropicProvider.DEFAULT_BASE_URL);
            add(ProviderSpec.of("anthropic", Dialect.ANTHROPIC, baseUrl, Optional.of(Secret.of(key)))
                    .withPassthroughModels(true), "anthropic", providers, models);
            notes.add("ANTHROPIC_API_KEY found: provider 'anthropic' (%s); name its models as anthropic/<model>"
                    .formatted(baseUrl));
        });
        env("GEMINI_API_KEY").or(() -> env("GOOGLE_API_KEY")).ifPresent(key -> {
            add(ProviderSpec.of("gemini", Dialect.GEMINI, GeminiProvider.DEFAULT_BASE_URL, Optional.of(Secret.of(key)))
                    .withPassthroughModels(true), "gemini", providers, models);
            notes.add("GEMINI_API_KEY found: provider 'gemini'; name its models as gemini/<model>");
        });
        Optional<String> azureKey = env("AZURE_OPENAI_API_KEY");
        Optional<String> azureToken = env("AZURE_OPENAI_AD_TOKEN");
        if (azureKey.isPresent() || azureToken.isPresent()) {
            Optional<String> endpoint = env("AZURE_OPENAI_ENDPOINT");
            if (endpoint.isEmpty()) {
                notes.add("AZURE_OPENAI_API_KEY found but AZURE_OPENAI_ENDPOINT is not set: no provider 'azure'");
            } else {
                Map<String, Secret> headers = azureKey.isEmpty()
                        ? Map.of("authorization", Secret.of("Bearer " + azureToken.get()))
                        : Map.of();
                providers.add(new ProviderSpec("azure", Dialect.AZURE_OPENAI, URI.create(endpoint.get()),
                        azureKey.map(Secret::of), headers,
                        env("AZURE_OPENAI_API_VERSION").or(() -> env("OPENAI_API_VERSION")),
                        ProviderSpec.DEFAULT_CONNECT_TIMEOUT, ProviderSpec.DEFAULT_MAX_CONNECTIONS, true, true, false));
                notes.add("AZURE_OPENAI_ENDPOINT found: provider 'azure' (%s, %s); name deployments as azure/<deployment>"
                        .formatted(endpoint.get(), azureKey.isPresent() ? "api-key" : "Entra ID token"));
            }
        }
        return new HedgeConfig(base.server(), base.masterKey(), base.store(), providers, models, base.local(),
                base.source(), notes, base.sharedState(), base.routers());
    }

    private static void add(ProviderSpec provider, String supplier, List<ProviderSpec> providers,
            List<ModelSpec> models) {
        providers.add(provider);
        for (PriceCatalog.Entry entry : PriceCatalog.builtIn().supplier(supplier)) {
            if (models.stream().anyMatch(m -> m.name().equals(entry.model()))) {
                continue;
            }
            DeploymentSpec deployment = new DeploymentSpec(provider.name(), entry.model(), entry.prices(),
                    entry.contextWindow(), entry.maxOutputTokens(), 1, OptionalInt.empty());
            models.add(new ModelSpec(entry.model(), List.of(deployment), Timeouts.DEFAULTS));
        }
    }

    private Optional<String> env(String name) {
        return environment.apply(name).map(String::strip).filter(v -> !v.isEmpty());
    }
}
