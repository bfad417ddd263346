package dev.hedge.app.cli;

import dev.hedge.app.HedgeApp;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.core.catalog.Deployment;
import dev.hedge.core.catalog.RoutedModel;
import java.io.PrintWriter;
import java.util.stream.Collectors;

/** What {@code hedge serve} prints once it listens: where, which models, and how to add a supplier. */
final class Banner {
    private Banner() {}

    static void print(PrintWriter out, HedgeApp app, ConfigOptions options, long startMillis) {
        HedgeConfig config = app.config();
        String host = config.server().host().equals("0.0.0.0") ? "127.0.0.1" : config.server().host();
        String url = config.server().publicUrl().orElse("http://%s:%d".formatted(host, app.port()));
        out.printf("Hedge is listening on %s/v1 (OpenAI-compatible; ready in %d ms)%n", url, startMillis);
        out.printf("  configuration: %s%n", config.source().map(Object::toString).orElse("none (zero configuration)"));
        out.printf("  store:         %s%n", app.store().location());
        out.printf("  network:       %s%n", app.transport());
        for (String note : config.notes()) {
            out.printf("  %s%n", note);
        }
        out.println();
        if (app.gateway().catalog().models().isEmpty()) {
            out.println("No models yet.");
        } else {
            out.println("Models:");
            int width = app.gateway().catalog().models().stream().mapToInt(m -> m.name().length()).max().orElse(10);
            for (RoutedModel model : app.gateway().catalog().models()) {
                out.printf("  %-" + width + "s  -> %s%n", model.name(),
                        model.deployments().stream().map(Deployment::id).collect(Collectors.joining(", ")));
            }
        }
        for (String provider : app.gateway().catalog().passthroughProviders()) {
            out.printf("  %s/<any model>  -> passed through to provider '%s'%n", provider, provider);
        }
        out.println();
        if (config.masterKey().isPresent()) {
            out.println("Auth: the master key ($HEDGE_MASTER_KEY) and virtual keys work as 'Authorization: Bearer <key>'.");
        } else {
            out.println("Auth: no master key set (export HEDGE_MASTER_KEY=...); virtual keys work as 'Authorization: Bearer <key>'.");
        }
        out.printf("  create a key:   ./hedge keys create --name my-app --data-dir %s%n", options.dataDir);
        out.println("Add a supplier: export OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY / AZURE_OPENAI_API_KEY / MISTRAL_API_KEY / OLLAMA_HOST and restart,");
        out.println("  or describe providers and models in hedge.yaml (see docs/config.md) and run ./hedge serve --config hedge.yaml");
    }
}
