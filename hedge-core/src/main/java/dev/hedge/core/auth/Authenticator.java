package dev.hedge.core.auth;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.hedge.api.error.ErrorType;
import dev.hedge.core.catalog.Secret;
import dev.hedge.core.gateway.GatewayException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: the master key, or an active virtual key
 * found by its hash. Lookups are cached briefly (found keys {@value #FOUND_SECONDS} s, unknown ones
 * {@value #UNKNOWN_SECONDS} s), so a key created or revoked by another process takes effect within seconds;
 * revocations through this process take effect at once ({@link #forget(String)}).
 *
 * <p>Thread-safe. A cache hit answers without leaving the calling thread.
 */
public final class Authenticator {

    static final long FOUND_SECONDS = 5;
    static final long UNKNOWN_SECONDS = 1;
    /** A key in use is read again in the background this long after it was read, before it expires. */
    static final long REFRESH_SECONDS = 4;
    private static final String BEARER = "bearer ";
    /** Keys whose hashes a platform thread (an event loop) remembers, in slots picked by the key's hash code. */
    private static final int RECENT_KEYS = 16;
    /** Per platform thread: key, hash, key, hash, ... A SHA-256 per request was a third of a cache hit's cost. */
    private static final ThreadLocal<String[]> RECENT_HASHES = ThreadLocal.withInitial(() -> new String[2 * RECENT_KEYS]);

    private final Optional<Secret> masterKey;
    private final AsyncLoadingCache<String, Optional<VirtualKey>> keys;

    /**
     * @param blocking where store lookups run (they block)
     */
    public Authenticator(Optional<Secret> masterKey, KeyStore store, Executor blocking) {
        this(masterKey, store, blocking, Ticker.systemTicker());
    }

    /** As {@link #Authenticator(Optional, KeyStore, Executor)}, with the cache's time from {@code ticker}. */
    Authenticator(Optional<Secret> masterKey, KeyStore store, Executor blocking, Ticker ticker) {
        this.masterKey = masterKey.filter(key -> !key.isEmpty());
        this.keys = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(100_000)
                // the cache's upkeep (microseconds) runs on the caller; only store reads go to `blocking`, so a
                // request never wakes another thread for housekeeping
                .executor(Runnable::run)
                .expireAfter(Expiry.<String, Optional<VirtualKey>>writing((hash, key) -> Duration.ofSeconds(
                        key.isPresent() ? FOUND_SECONDS : UNKNOWN_SECONDS)))
                // a key in steady use is read again in the background once it is four seconds old, which re-arms
                // its five: no request waits on the store for it, and no value older than five seconds is served
                .refreshAfterWrite(Duration.ofSeconds(REFRESH_SECONDS))
                .buildAsync((hash, ignored) -> CompletableFuture.supplyAsync(() -> store.findByHash(hash), blocking));
    }

    /**
     * @param authorization the header's value, null when absent
     * @return the caller, or a stage failed with a 401 {@link GatewayException}
     */
    public CompletionStage<Caller> authenticate(@Nullable String authorization) {
        String key = bearerToken(authorization);
        if (key == null) {
            return CompletableFuture.failedFuture(GatewayException.of(401, ErrorType.INVALID_REQUEST,
                    "You didn't provide an API key. Provide your key in an Authorization header using Bearer auth "
                            + "(i.e. Authorization: Bearer YOUR_KEY).", null, "missing_api_key"));
        }
        if (masterKey.isPresent() && KeyHash.constantTimeEquals(key, masterKey.get().reveal())) {
            return CompletableFuture.completedFuture(Caller.master());
        }
        return keys.get(hashOf(key)).thenApply(found -> found
                .filter(VirtualKey::active)
                .map(VirtualKey::caller)
                .orElseThrow(() -> GatewayException.of(401, ErrorType.INVALID_REQUEST,
                        "Incorrect API key provided: it is unknown or revoked. Keys are made with 'hedge keys create'.",
                        null, "invalid_api_key")));
    }

    /** Drops a cached key so that a revocation applies at once. */
    public void forget(String hash) {
        keys.synchronous().invalidate(hash);
    }

    /**
     * {@link KeyHash#of}, remembered per platform thread: a key found in its slot (compared in constant time) has
     * its hash at once. Virtual threads, one per task, hash each time.
     */
    private static String hashOf(String key) {
        if (Thread.currentThread().isVirtual()) {
            return KeyHash.of(key);
        }
        String[] recent = RECENT_HASHES.get();
        int slot = 2 * (key.hashCode() & (RECENT_KEYS - 1));
        String seen = recent[slot];
        if (seen != null && KeyHash.constantTimeEquals(key, seen)) {
            return recent[slot + 1];
        }
        String hash = KeyHash.of(key);
        recent[slot] = key;
        recent[slot + 1] = hash;
        return hash;
    }

    private static @Nullable String bearerToken(@Nullable String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? null : token;
    }
}
