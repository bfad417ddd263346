package dev.hedge.server.metrics;

import io.micrometer.core.instrument.Meter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Meters of one name looked up by their tag values, instead of a builder per request: the builder, its tags and
 * the registry's lookup cost more than the increment they lead to. Bounded: past {@value #MAX} distinct tag
 * combinations (client-chosen model names, say) meters are built per use again, as the registry would.
 *
 * <p>A tree of maps, one level per tag value, so that finding a meter allocates nothing: a key made of the values
 * (a list, its iterator for {@code equals}) was a tenth of the bytes a request allocated.
 */
final class MeterCache<M extends Meter> {

    static final int MAX = 10_000;

    private final ConcurrentHashMap<String, Object> root = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Function<List<String>, M> make;

    /** @param make registers (or finds) the meter for a list of tag values, in the order {@link #get} gets them */
    MeterCache(Function<List<String>, M> make) {
        this.make = make;
    }

    /** @param tagValues as many as every other call of this cache passes, none null */
    @SuppressWarnings("unchecked")
    M get(String... tagValues) {
        Object node = root;
        for (String value : tagValues) {
            node = ((ConcurrentHashMap<String, Object>) node).get(value);
            if (node == null) {
                return made(List.of(tagValues));
            }
        }
        return (M) node;
    }

    @SuppressWarnings("unchecked")
    private M made(List<String> tagValues) {
        M meter = make.apply(tagValues);
        if (size.get() >= MAX) {
            return meter;
        }
        ConcurrentHashMap<String, Object> level = root;
        int last = tagValues.size() - 1;
        for (int i = 0; i < last; i++) {
            level = (ConcurrentHashMap<String, Object>) level.computeIfAbsent(tagValues.get(i),
                    ignored -> new ConcurrentHashMap<String, Object>());
        }
        if (level.putIfAbsent(tagValues.get(last), meter) == null) {
            size.incrementAndGet();
        }
        return meter;
    }
}
