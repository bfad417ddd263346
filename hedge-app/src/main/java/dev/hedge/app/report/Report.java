package dev.hedge.app.report;

import dev.hedge.api.json.Json;
import dev.hedge.app.config.HedgeConfig;
import dev.hedge.core.catalog.ModelSpec;
import dev.hedge.core.metering.Cost;
import dev.hedge.core.metering.PriceCatalog;
import dev.hedge.core.metering.Prices;
import dev.hedge.core.metering.TokenUsage;
import dev.hedge.store.LedgerReport;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A ledger report: rows grouped by one dimension, a total, and — given a baseline model — what the same
 * tokens would have cost at the baseline's prices and the difference ("savings"; negative when the traffic
 * cost more than the baseline would have).
 */
public record Report(LedgerReport.By by, Instant since, Instant until, Optional<Baseline> baseline,
        List<LedgerReport.Row> rows) {

    /** How a report is written. */
    public enum Format {
        TABLE, CSV, JSON;

        public static Optional<Format> parse(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name.strip())) {
                    return Optional.of(format);
                }
            }
            return Optional.empty();
        }
    }

    /** The model savings are measured against, and where its prices came from. */
    public record Baseline(String model, Prices prices, String source) {}

    public Report {
        rows = List.copyOf(rows);
    }

    /**
     * The baseline's prices: a configured model's first deployment, else the price catalog's entry of that name.
     *
     * @throws IllegalArgumentException when neither knows the model, or it has no input and output prices
     */
    public static Baseline baseline(String model, HedgeConfig config) {
        for (ModelSpec spec : config.models()) {
            if (spec.name().equals(model) && spec.deployments().getFirst().prices().known()) {
                return new Baseline(model, spec.deployments().getFirst().prices(),
                        "configured deployment " + spec.deployments().getFirst().id());
            }
        }
        return PriceCatalog.builtIn().entries().stream()
                .filter(entry -> entry.model().equals(model) && entry.prices().known())
                .findFirst()
                .map(entry -> new Baseline(model, entry.prices(),
                        "price catalog (%s, %s, as of %s)".formatted(entry.supplier(), entry.source(), entry.asOf())))
                .orElseThrow(() -> new IllegalArgumentException(("--baseline: '%s' is neither a configured model with "
                        + "prices nor in the price catalog").formatted(model)));
    }

    /**
     * Reads a point in time: a date ({@code 2026-11-01}, midnight UTC), an instant, or an age before now
     * ({@code 7d}, {@code 24h}, {@code 90m}).
     */
    public static Instant when(String option, String value, Clock clock) {
        String text = value.strip();
        try {
            if (text.matches("\\d+[dhm]")) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                Duration age = switch (text.charAt(text.length() - 1)) {
                    case 'd' -> Duration.ofDays(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofMinutes(amount);
                };
                return clock.instant().minus(age);
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(("%s: '%s' (expected: a date like 2026-11-01, an instant like "
                    + "2026-11-01T12:00:00Z, or an age like 7d, 24h, 90m)").formatted(option, value));
        }
    }

    /** The sum of every row. */
    public LedgerReport.Row total() {
        long requests = 0;
        long errors = 0;
        long counted = 0;
        long cost = 0;
        long input = 0;
        long cached = 0;
        long write = 0;
        long output = 0;
        long reasoning = 0;
        for (LedgerReport.Row row : rows) {
            requests += row.requests();
            errors += row.errors();
            counted += row.counted();
            cost += row.costMicroUsd();
            input += row.tokens().input();
            cached += row.tokens().cachedInput();
            write += row.tokens().cacheWrite();
            output += row.tokens().output();
            reasoning += row.tokens().reasoning();
        }
        return new LedgerReport.Row("TOTAL", requests, errors, counted,
                new TokenUsage(input, cached, write, output, reasoning, false), cost);
    }

    /** What {@code row}'s tokens would have cost at the baseline's prices, in micro-dollars. */
    public Optional<Long> baselineMicroUsd(LedgerReport.Row row) {
        return baseline.map(b -> Cost.microUsd(row.tokens(), b.prices()));
    }

    public void print(Format format, PrintWriter out) {
        switch (format) {
            case TABLE -> table(out);
            case CSV -> csv(out);
            case JSON -> out.println(Json.writeString(json()));
        }
        out.flush();
    }

    private List<String> header() {
        List<String> header = new ArrayList<>(List.of(by.label(), "requests", "errors", "input_tokens",
                "cached_input_tokens", "cache_write_tokens", "output_tokens", "reasoning_tokens", "counted", "cost_usd"));
        if (baseline.isPresent()) {
            header.add("baseline_usd");
            header.add("savings_usd");
        }
        return header;
    }

    private List<String> cells(LedgerReport.Row row) {
        List<String> cells = new ArrayList<>(List.of(row.group(), Long.toString(row.requests()),
                Long.toString(row.errors()), Long.toString(row.tokens().input()),
                Long.toString(row.tokens().cachedInput()), Long.toString(row.tokens().cacheWrite()),
                Long.toString(row.tokens().output()), Long.toString(row.tokens().reasoning()),
                Long.toString(row.counted()), usd(row.costMicroUsd())));
        baselineMicroUsd(row).ifPresent(base -> {
            cells.add(usd(base));
            cells.add(usd(base - row.costMicroUsd()));
        });
        return cells;
    }

    private void table(PrintWriter out) {
        out.printf("Ledger by %s, %s to %s (UTC)%n", by.label(), since, until);
        baseline.ifPresent(b -> out.printf("Baseline: %s — %s%n", b.model(), b.source()));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header().stream().map(h -> h.toUpperCase(Locale.ROOT)).toList());
        rows.forEach(row -> lines.add(cells(row)));
        lines.add(cells(total()));
        int[] widths = new int[lines.getFirst().size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                text.append((i == 0 ? "%-" + widths[i] + "s" : "  %" + widths[i] + "s").formatted(line.get(i)));
            }
            out.println(text);
        }
    }

    private void csv(PrintWriter out) {
        out.println(String.join(",", header()));
        for (LedgerReport.Row row : rows) {
            out.println(String.join(",", cells(row).stream().map(Report::csvCell).toList()));
        }
    }

    private Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by", by.label());
        out.put("since", since.toString());
        out.put("until", until.toString());
        baseline.ifPresent(b -> out.put("baseline", Map.of("model", b.model(), "source", b.source())));
        List<Map<String, Object>> list = new ArrayList<>();
        rows.forEach(row -> list.add(jsonRow(row)));
        out.put("rows", list);
        out.put("total", jsonRow(total()));
        return out;
    }

    private Map<String, Object> jsonRow(LedgerReport.Row row) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> header = header();
        List<String> cells = cells(row);
        out.put("group", row.group());
        for (int i = 1; i < header.size(); i++) {
            String name = header.get(i);
            out.put(name, name.endsWith("_usd") ? new java.math.BigDecimal(cells.get(i)) : Long.valueOf(cells.get(i)));
        }
        return out;
    }

    private static String usd(long microUsd) {
        return Cost.usd(microUsd).toPlainString();
    }

    private static String csvCell(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\""
                : value;
    }
}
