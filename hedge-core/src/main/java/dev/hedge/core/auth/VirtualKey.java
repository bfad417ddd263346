package dev.hedge.core.auth;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A virtual key as stored: never the key itself, only its hash and a short prefix to recognise it by.
 *
 * @param id the store's id
 * @param name the name given at creation, unique among live keys
 * @param prefix the key's first characters, e.g. {@code sk-hedge-AbC1}, for lists
 * @param hash {@link KeyHash#of(String)} of the key
 * @param team the team the key belongs to, if any
 * @param models the public models the key may use; empty means all
 * @param revokedAt when the key was revoked; a revoked key authenticates nothing
 */
public record VirtualKey(
        String id,
        String name,
        String prefix,
        String hash,
        Optional<String> team,
        Set<String> models,
        Instant createdAt,
        Optional<Instant> revokedAt) {

    public VirtualKey {
        models = Set.copyOf(models);
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }

    /** The caller this key identifies. */
    public Caller caller() {
        return new Caller(id, name, team, models, false);
    }
}
