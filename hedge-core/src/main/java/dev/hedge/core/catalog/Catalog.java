package dev.hedge.core.catalog;

import dev.hedge.core.metering.Prices;
import dev.hedge.core.provider.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every model Hedge serves, by the name clients send. Immutable; a configuration reload builds a new one.
 *
 * <p>Besides configured models, a provider with {@link ProviderSpec#passthroughModels()} serves any of its
 * supplier's models as {@code provider/model}; those are resolved on demand and not listed.
 */
public final class Catalog {

    private final Map<String, Provider> providers;
    private final Map<String, ProviderSpec> providerSpecs;
    private final Map<String, RoutedModel> models;

    private Catalog(Map<String, Provider> providers, Map<String, ProviderSpec> providerSpecs,
            Map<String, RoutedModel> models) {
        this.providers = providers;
        this.providerSpecs = providerSpecs;
        this.models = models;
    }

    /**
     * Binds {@code models} to {@code providers}.
     *
     * @throws IllegalArgumentException when a deployment names an unknown provider or two models share a name
     */
    public static Catalog of(Collection<ProviderSpec> specs, Collection<Provider> providers, List<ModelSpec> models) {
        Map<String, Provider> byName = new LinkedHashMap<>();
        for (Provider provider : providers) {
            if (byName.putIfAbsent(provider.name(), provider) != null) {
                throw new IllegalArgumentException("provider %s: defined twice".formatted(provider.name()));
            }
        }
        Map<String, ProviderSpec> specsByName = new LinkedHashMap<>();
        for (ProviderSpec spec : specs) {
            specsByName.put(spec.name(), spec);
        }
        Map<String, RoutedModel> routed = new LinkedHashMap<>();
        for (ModelSpec model : models) {
            List<Deployment> deployments = new ArrayList<>();
            for (DeploymentSpec deployment : model.deployments()) {
                Provider provider = byName.get(deployment.provider());
                if (provider == null) {
                    throw new IllegalArgumentException("model %s: deployment names unknown provider '%s' (known: %s)"
                            .formatted(model.name(), deployment.provider(), byName.keySet()));
                }
                deployments.add(new Deployment(deployment, provider));
            }
            String ownedBy = deployments.stream().map(d -> d.provider().name()).distinct().count() == 1
                    ? deployments.getFirst().provider().name()
                    : "hedge";
            if (routed.putIfAbsent(model.name(), new RoutedModel(model, deployments, ownedBy)) != null) {
                throw new IllegalArgumentException("model %s: defined twice".formatted(model.name()));
            }
        }
        return new Catalog(Map.copyOf(byName), Map.copyOf(specsByName), java.util.Collections.unmodifiableMap(routed));
    }

    /** The model clients call {@code name}, configured or passed through to a provider. */
    public Optional<RoutedModel> resolve(String name) {
        RoutedModel configured = models.get(name);
        if (configured != null) {
            return Optional.of(configured);
        }
        int slash = name.indexOf('/');
        if (slash <= 0 || slash == name.length() - 1) {
            return Optional.empty();
        }
        ProviderSpec spec = providerSpecs.get(name.substring(0, slash));
        Provider provider = providers.get(name.substring(0, slash));
        if (spec == null || provider == null || !spec.passthroughModels()) {
            return Optional.empty();
        }
        DeploymentSpec deployment = DeploymentSpec.of(provider.name(), name.substring(slash + 1), Prices.UNKNOWN);
        return Optional.of(new RoutedModel(ModelSpec.of(name, deployment),
                List.of(new Deployment(deployment, provider)), provider.name()));
    }

    /** The configured models, in configuration order. */
    public Collection<RoutedModel> models() {
        return models.values();
    }

    public Collection<Provider> providers() {
        return providers.values();
    }

    /** Providers whose models clients may name as {@code provider/model}. */
    public List<String> passthroughProviders() {
        return providerSpecs.values().stream()
                .filter(ProviderSpec::passthroughModels)
                .map(ProviderSpec::name)
                .toList();
    }
}
