package dev.hedge.core.catalog;

import dev.hedge.core.provider.Provider;

/**
 * A deployment ready to be called: its spec and the provider that reaches it.
 */
public final class Deployment {

    private final DeploymentSpec spec;
    private final Provider provider;
    private final String id;

    public Deployment(DeploymentSpec spec, Provider provider) {
        if (!spec.provider().equals(provider.name())) {
            throw new IllegalArgumentException("provider: %s (expected: %s)".formatted(provider.name(), spec.provider()));
        }
        this.spec = spec;
        this.provider = provider;
        this.id = spec.id();
    }

    public DeploymentSpec spec() {
        return spec;
    }

    public Provider provider() {
        return provider;
    }

    /** {@code provider/model}. */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
