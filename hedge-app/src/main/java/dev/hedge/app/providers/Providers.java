package dev.hedge.app.providers;

import dev.hedge.app.config.ConfigException;
import dev.hedge.core.catalog.ProviderSpec;
import dev.hedge.core.provider.Provider;
import dev.hedge.core.time.Ticker;
import dev.hedge.providers.anthropic.AnthropicProvider;
import dev.hedge.providers.azure.AzureRoutes;
import dev.hedge.providers.drift.DriftGuard;
import dev.hedge.providers.drift.DriftListener;
import dev.hedge.providers.gemini.GeminiProvider;
import dev.hedge.providers.openai.OpenAiProvider;
import dev.hedge.providers.openai.OpenAiRoutes;
import io.vertx.core.Vertx;

/** The dialect switch: the provider that speaks a configured supplier's dialect, its answers drift-guarded. */
public final class Providers {

    private Providers() {}

    /**
     * @param drift receives every drift this provider's guard finds
     * @throws ConfigException for the {@code local} dialect, which is not configured as a provider
     */
    public static Provider create(Vertx vertx, ProviderSpec spec, DriftListener drift, Ticker ticker) {
        DriftGuard guard = DriftGuard.of(spec, drift, ticker);
        return switch (spec.dialect()) {
            case OPENAI -> new OpenAiProvider(vertx, spec, guard, OpenAiRoutes.OPENAI);
            case AZURE_OPENAI -> new OpenAiProvider(vertx, spec, guard, new AzureRoutes(spec));
            case ANTHROPIC -> new AnthropicProvider(vertx, spec, guard, ticker);
            case GEMINI -> new GeminiProvider(vertx, spec, guard, ticker);
            case LOCAL -> throw new ConfigException(
                    "providers: '%s' uses dialect local, which is reserved for the in-process models".formatted(spec.name()));
        };
    }
}
