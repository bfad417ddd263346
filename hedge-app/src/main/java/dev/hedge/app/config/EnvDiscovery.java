package dev.hedge.app.config;

import dev.hedge.core.catalog.Dialect;
import dev.hedge.core.catalog.DeploymentSpec;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.catalog.Timeouts;
import dev.hedge.core.metering.PriceCatalog;
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
 *   <li>{@code ANTHROPIC_API_KEY}, {@code GEMINI_API_KEY}, {@code AZURE_OPENAI_API_KEY}: noted; their
 *       dialects come with the dialect translators
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
        for (String unsupported : List.of("ANTHROPIC_API_KEY", "GEMINI_API_KEY", "AZURE_OPENAI_API_KEY")) {
            env(unsupported).ifPresent(ignored -> notes.add(
                    "%s found, but this build has no dialect for it yet; configure it in hedge.yaml once it does"
                            .formatted(unsupported)));
        }
        return new HedgeConfig(base.server(), base.masterKey(), base.store(), providers, models, base.local(),
                base.source(), notes, base.sharedState());
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
