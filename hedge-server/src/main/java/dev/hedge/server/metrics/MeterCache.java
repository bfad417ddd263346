package dev.hedge.server.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters of one name looked up by their tag values, instead of a builder per request: the builder, its tags and
 * the registry's lookup cost more than the increment they lead to. Bounded: past {@value #MAX} distinct tag
 * combinations (client-chosen model names, say) meters are built per use again, as the registry would.
 */
final class MeterCache<M extends Meter> {

    static final int MAX = 10_000;

    private final ConcurrentHashMap<List<String>, M> meters = new ConcurrentHashMap<>();
    private final Function<List<String>, M> make;

    /** @param make registers (or finds) the meter for a list of tag values, in the order {@link #get} gets them */
    MeterCache(Function<List<String>, M> make) {
        this.make = make;
    }

    M get(String... tagValues) {
        List<String> key = List.of(tagValues);
        M meter = meters.get(key);
        if (meter != null) {
            return meter;
        }
        meter = make.apply(key);
        if (meters.size() < MAX) {
            meters.putIfAbsent(key, meter);
        }
        return meter;
    }
}
