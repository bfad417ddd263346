package dev.hedge.core.catalog;

import java.util.List;

/**
 * A public model with its deployments bound to providers.
 *
 * @param ownedBy shown in {@code GET /v1/models}: the provider of a single-provider model, else
 *     {@code hedge}
 */
public record RoutedModel(ModelSpec spec, List<Deployment> deployments, String ownedBy) {

    public RoutedModel {
        deployments = List.copyOf(deployments);
    }

    public String name() {
        return spec.name();
    }
}
