package dev.hedge.core.auth;

import java.util.List;
import java.util.Optional;

/**
 * Where virtual keys live (SQLite, PostgreSQL). Methods block on I/O: call them off the event loop.
 * Implementations are thread-safe and see changes made by other processes on the same store.
 */
public interface KeyStore {

    /** The key with this hash, active or revoked. */
    Optional<VirtualKey> findByHash(String hash);

    /**
     * Stores a new key.
     *
     * @throws IllegalArgumentException when an active key already has this name
     */
    void insert(VirtualKey key);

    /** All keys, newest first. */
    List<VirtualKey> list();

    /**
     * Revokes the active key with this id or name.
     *
     * @return the revoked key, empty when no active key matched
     */
    Optional<VirtualKey> revoke(String idOrName);
}
