package dev.hedge.core.auth;

import java.util.Optional;
import java.util.Set;

/**
 * Who sent a request: the virtual key it authenticated with (or the master key).
 *
 * @param keyId the key's store id ({@code master} for the master key)
 * @param keyName the name given at creation; safe to log
 * @param team the team the key belongs to, if any
 * @param allowedModels the public models the key may use; empty means all
 * @param admin whether the key may use the admin API
 */
public record Caller(String keyId, String keyName, Optional<String> team, Set<String> allowedModels, boolean admin) {

    public static final String MASTER_ID = "master";

    public Caller {
        allowedModels = Set.copyOf(allowedModels);
    }

    /** The caller of the master key: every model, the admin API. */
    public static Caller master() {
        return new Caller(MASTER_ID, "master", Optional.empty(), Set.of(), true);
    }

    /** Whether this caller may use the public model {@code model}. */
    public boolean mayUse(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
