package dev.hedge.providers.drift;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.List;

/**
 * The drifts seen so far, one entry per provider, model, kind, field and action.
 *
 * @param entries sorted by provider, model, field
 */
public record DriftSnapshot(List<Entry> entries) {

    public DriftSnapshot {
        entries = List.copyOf(entries);
    }

    /** The entries of one provider. */
    public DriftSnapshot provider(String name) {
        return new DriftSnapshot(entries.stream().filter(e -> e.provider().equals(name)).toList());
    }

    /** The entries of one deployment ({@code provider} and its {@code model}). */
    public DriftSnapshot deployment(String provider, String model) {
        return new DriftSnapshot(entries.stream()
                .filter(e -> e.provider().equals(provider) && e.model().equals(model)).toList());
    }

    /** How often drift of {@code kind} was seen in all entries. */
    public long count(DriftKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).mapToLong(Entry::count).sum();
    }

    public long total() {
        return entries.stream().mapToLong(Entry::count).sum();
    }

    /**
     * @param count how many answers (or chunks) showed this drift
     * @param lastSeen when it was last seen
     * @param lastDetail what it looked like the last time
     */
    public record Entry(String provider, String model, DriftKind kind, String field, DriftAction action, long count,
            @JsonProperty("last_seen") @JsonSerialize(using = ToStringSerializer.class) Instant lastSeen,
            @JsonProperty("last_detail") String lastDetail) {}
}
