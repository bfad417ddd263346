package dev.hedge.core.metering;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Hedge's own price list ({@code prices.json} beside this class): per supplier and model, US dollars per
 * million tokens by token class, with the source and date of each price. Deployments without configured
 * prices take theirs from here. Immutable and thread-safe.
 */
public final class PriceCatalog {

    /**
     * One priced model.
     *
     * @param supplier e.g. {@code openai}, {@code mistral}
     * @param mode {@code chat} or {@code embedding}
     */
    public record Entry(String supplier, String model, String mode, Prices prices, OptionalInt contextWindow,
            OptionalInt maxOutputTokens, String source, String asOf) {}

    private static final PriceCatalog BUILT_IN = load();

    private final List<Entry> entries;

    private PriceCatalog(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The catalog shipped with Hedge. */
    public static PriceCatalog builtIn() {
        return BUILT_IN;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entries of one supplier, in catalog order. */
    public List<Entry> supplier(String supplier) {
        return entries.stream().filter(e -> e.supplier().equals(supplier)).toList();
    }

    /** The entry for {@code model} at {@code supplier}, matching the model name exactly. */
    public Optional<Entry> find(String supplier, String model) {
        return entries.stream().filter(e -> e.supplier().equals(supplier) && e.model().equals(model)).findFirst();
    }

    private static PriceCatalog load() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream("prices.json")) {
            if (in == null) {
                throw new IllegalStateException("prices.json is missing from the hedge-core jar");
            }
            JsonNode root = Json.mapper().readTree(in);
            List<Entry> entries = new ArrayList<>();
            for (JsonNode entry : root.path("entries")) {
                Prices prices = new Prices(decimal(entry, "input"), decimal(entry, "cached_input"),
                        decimal(entry, "cache_write"), decimal(entry, "output"), decimal(entry, "reasoning"));
                entries.add(new Entry(entry.path("supplier").asText(), entry.path("model").asText(),
                        entry.path("mode").asText("chat"), prices, integer(entry, "context_window"),
                        integer(entry, "max_output_tokens"), entry.path("source").asText(), entry.path("as_of").asText()));
            }
            return new PriceCatalog(entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prices.json", e);
        }
    }

    private static Optional<BigDecimal> decimal(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(new BigDecimal(value.asText()));
    }

    private static OptionalInt integer(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() ? OptionalInt.empty() : OptionalInt.of(value.asInt());
    }
}
