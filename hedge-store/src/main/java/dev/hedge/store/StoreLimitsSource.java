package dev.hedge.store;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hedge.core.admission.Limits;
import dev.hedge.core.admission.LimitsSource;
import dev.hedge.core.auth.Caller;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Limits of keys and teams from the store, cached for {@link #TTL} so that admission rarely waits for I/O; a
 * change made elsewhere (another process, {@code hedge keys}) applies within that time, and at once in
 * this process after {@link #forget()}.
 */
public final class StoreLimitsSource implements LimitsSource {

    static final Duration TTL = Duration.ofSeconds(5);
    static final Duration REFRESH = Duration.ofSeconds(4);

    private final AsyncLoadingCache<String, Limits> keys;
    private final AsyncLoadingCache<String, Limits> teams;

    /** @param blocking where store reads run */
    public StoreLimitsSource(JdbcLimits store, Executor blocking) {
        // upkeep runs on the caller and store reads on `blocking`; limits in use are read again in the background
        // before they expire, so a request waits on the store only for limits nobody asked for in five seconds
        this.keys = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(TTL).refreshAfterWrite(REFRESH)
                .executor(Runnable::run)
                .buildAsync((id, ignored) -> CompletableFuture.supplyAsync(() -> store.keyLimits(id), blocking));
        this.teams = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).refreshAfterWrite(REFRESH)
                .executor(Runnable::run)
                .buildAsync((name, ignored) -> CompletableFuture.supplyAsync(
                        () -> store.team(name).map(Team::limits).orElse(Limits.NONE), blocking));
    }

    @Override
    public CompletionStage<CallerLimits> limits(Caller caller) {
        if (caller.team().isEmpty()) {
            return keys.get(caller.keyId()).thenApply(key -> new CallerLimits(key, Limits.NONE));
        }
        return keys.get(caller.keyId()).thenCombine(teams.get(caller.team().get()), CallerLimits::new);
    }

    /** Drops cached limits (after a change through this process). */
    public void forget() {
        keys.synchronous().invalidateAll();
        teams.synchronous().invalidateAll();
    }
}
