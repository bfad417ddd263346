package dev.hedge.core.admission;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/** How often a budget starts afresh: each UTC day, each UTC calendar month, or never. */
public enum BudgetPeriod {
    DAILY,
    MONTHLY,
    TOTAL;

    /** The configuration and CLI name: {@code daily}, {@code monthly}, {@code total}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BudgetPeriod> parse(String name) {
        for (BudgetPeriod period : values()) {
            if (period.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** The window {@code now} falls in. */
    public Window window(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (this) {
            case DAILY -> new Window("d" + day, day.atStartOfDay().toInstant(ZoneOffset.UTC),
                    day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            case MONTHLY -> {
                LocalDate first = day.withDayOfMonth(1);
                yield new Window("m" + first.toString().substring(0, 7), first.atStartOfDay().toInstant(ZoneOffset.UTC),
                        first.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC));
            }
            case TOTAL -> new Window("total", Instant.EPOCH, Instant.parse("9999-12-31T00:00:00Z"));
        };
    }

    /**
     * One budget window.
     *
     * @param id names the window in counters, e.g. {@code d2026-11-22}, {@code m2026-11}, {@code total}
     * @param start inclusive
     * @param end exclusive
     */
    public record Window(String id, Instant start, Instant end) {}
}
