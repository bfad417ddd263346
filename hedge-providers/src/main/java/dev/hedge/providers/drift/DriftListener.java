package dev.hedge.providers.drift;

/** Receives drifts as they are found, on the thread that read the answer; must be fast and thread-safe. */
@FunctionalInterface
public interface DriftListener {

    /** A listener that ignores everything. */
    DriftListener NONE = drift -> {};

    void onDrift(Drift drift);
}
