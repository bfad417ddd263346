package dev.hedge.providers.drift;

import dev.hedge.core.time.Ticker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts drifts per provider, model, kind, field and action, and forwards each one to the listeners added
 * (metrics, logs). One registry serves a whole Hedge; thread-safe and lock-free on the counting path.
 */
public final class DriftRegistry implements DriftListener {

    private record Key(String provider, String model, DriftKind kind, String field, DriftAction action) {}

    private static final class Counter {
        final LongAdder count = new LongAdder();
        volatile Instant lastSeen = Instant.EPOCH;
        volatile String lastDetail = "";
    }

    private final Ticker ticker;
    private final ConcurrentHashMap<Key, Counter> counters = new ConcurrentHashMap<>();
    private final List<DriftListener> listeners = new CopyOnWriteArrayList<>();

    public DriftRegistry(Ticker ticker) {
        this.ticker = ticker;
    }

    /** Adds a listener that sees every drift after it is counted. */
    public DriftRegistry listener(DriftListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void onDrift(Drift drift) {
        Counter counter = counters.computeIfAbsent(
                new Key(drift.provider(), drift.model(), drift.kind(), drift.field(), drift.action()),
                key -> new Counter());
        counter.count.increment();
        counter.lastSeen = ticker.now();
        counter.lastDetail = drift.detail();
        for (DriftListener listener : listeners) {
            listener.onDrift(drift);
        }
    }

    /** What was seen so far. */
    public DriftSnapshot snapshot() {
        List<DriftSnapshot.Entry> entries = new ArrayList<>();
        counters.forEach((key, counter) -> entries.add(new DriftSnapshot.Entry(key.provider(), key.model(),
                key.kind(), key.field(), key.action(), counter.count.sum(), counter.lastSeen, counter.lastDetail)));
        entries.sort(Comparator.comparing(DriftSnapshot.Entry::provider).thenComparing(DriftSnapshot.Entry::model)
                .thenComparing(DriftSnapshot.Entry::field).thenComparing(DriftSnapshot.Entry::kind)
                .thenComparing(DriftSnapshot.Entry::action));
        return new DriftSnapshot(entries);
    }
}
