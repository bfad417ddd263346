package dev.hedge.core.admission;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock-free sliding-window counter: what was taken in the last {@link #WINDOW_MILLIS}, entry by entry, so
 * that a limit holds in any window, not only in fixed minutes. Each change builds a new immutable log and
 * swaps it in with a compare-and-set. Sized for per-minute limits (one entry per admitted request).
 */
final class SlidingLog {

    static final long WINDOW_MILLIS = 60_000;

    private record Log(long[] at, long[] amounts, String[] ids, long total) {
        static final Log EMPTY = new Log(new long[0], new long[0], new String[0], 0);

        Log prune(long nowMillis) {
            int first = 0;
            while (first < at.length && at[first] <= nowMillis - WINDOW_MILLIS) {
                first++;
            }
            if (first == 0) {
                return this;
            }
            long removed = 0;
            for (int i = 0; i < first; i++) {
                removed += amounts[i];
            }
            return new Log(Arrays.copyOfRange(at, first, at.length), Arrays.copyOfRange(amounts, first, amounts.length),
                    Arrays.copyOfRange(ids, first, ids.length), total - removed);
        }

        Log plus(long nowMillis, String id, long amount) {
            long[] nextAt = Arrays.copyOf(at, at.length + 1);
            long[] nextAmounts = Arrays.copyOf(amounts, amounts.length + 1);
            String[] nextIds = Arrays.copyOf(ids, ids.length + 1);
            // entries stay in time order even if a caller's clock reading is a little behind the last one
            nextAt[at.length] = at.length == 0 ? nowMillis : Math.max(nowMillis, at[at.length - 1]);
            nextAmounts[at.length] = amount;
            nextIds[at.length] = id;
            return new Log(nextAt, nextAmounts, nextIds, total + amount);
        }

        Log replace(String id, long amount) {
            for (int i = 0; i < ids.length; i++) {
                if (ids[i].equals(id)) {
                    long[] nextAmounts = amounts.clone();
                    nextAmounts[i] = amount;
                    return new Log(at, nextAmounts, ids, total - amounts[i] + amount);
                }
            }
            return this;
        }

        /** Milliseconds until enough entries have left the window for {@code amount} more to fit. */
        long waitMillis(long nowMillis, long amount, long limit) {
            long left = total;
            for (int i = 0; i < at.length; i++) {
                left -= amounts[i];
                if (left + amount <= limit) {
                    return Math.max(0, at[i] + WINDOW_MILLIS - nowMillis);
                }
            }
            return WINDOW_MILLIS;
        }
    }

    private final AtomicReference<Log> log = new AtomicReference<>(Log.EMPTY);

    /**
     * Adds {@code amount} under {@code id} if the window's total stays within {@code limit}.
     *
     * @return empty when taken, else how long to wait (milliseconds) before it could fit
     */
    Optional<Long> tryAdd(long nowMillis, String id, long amount, long limit) {
        while (true) {
            Log current = log.get();
            Log pruned = current.prune(nowMillis);
            if (pruned.total() + amount > limit) {
                if (pruned != current) {
                    log.compareAndSet(current, pruned);
                }
                return Optional.of(pruned.waitMillis(nowMillis, amount, limit));
            }
            if (log.compareAndSet(current, pruned.plus(nowMillis, id, amount))) {
                return Optional.empty();
            }
        }
    }

    /** Sets the amount of the entry {@code id} (when it is still in the window). */
    void correct(String id, long amount) {
        log.updateAndGet(current -> current.replace(id, amount));
    }

    /** Takes back the entry {@code id}. */
    void remove(String id) {
        correct(id, 0);
    }

    long total(long nowMillis) {
        return log.get().prune(nowMillis).total();
    }
}
