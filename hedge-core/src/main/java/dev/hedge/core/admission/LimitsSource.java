package dev.hedge.core.admission;

import dev.hedge.core.auth.Caller;
import java.util.concurrent.CompletionStage;

/**
 * Where the limits of keys and teams come from (the store). Implementations cache briefly so that admission
 * rarely waits for I/O; a change made by another process takes effect within seconds.
 */
public interface LimitsSource {

    /** No limits for anyone. */
    LimitsSource NONE = caller -> java.util.concurrent.CompletableFuture.completedFuture(CallerLimits.NONE);

    CompletionStage<CallerLimits> limits(Caller caller);

    /**
     * The limits that apply to one caller: its key's and its team's.
     */
    record CallerLimits(Limits key, Limits team) {
        public static final CallerLimits NONE = new CallerLimits(Limits.NONE, Limits.NONE);
    }
}
