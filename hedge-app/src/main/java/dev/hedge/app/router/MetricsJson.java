package dev.hedge.app.router;

import dev.hedge.core.router.RoutingMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/** The JSON shape of a metrics report: fractions as percentages, as evaluate.py prints them. */
public final class MetricsJson {

    private MetricsJson() {}

    public static Map<String, Object> of(RoutingMetrics.Report report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("n", report.items());
        json.put("strong_mean", round(report.strongMean()));
        json.put("weak_mean", round(report.weakMean()));
        json.put("router", summary(report.router()));
        json.put("random", summary(report.random()));
        json.put("oracle", summary(report.oracle()));
        return json;
    }

    private static Map<String, Object> summary(RoutingMetrics.Summary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("apgr", round(summary.apgr()));
        json.put("cpt50_pct", percent(summary.cpt50()));
        json.put("cpt80_pct", percent(summary.cpt80()));
        json.put("cpt95_pct", percent(summary.cpt95()));
        return json;
    }

    private static @Nullable Object percent(OptionalDouble fraction) {
        return fraction.isPresent() ? Double.valueOf(round(100 * fraction.getAsDouble())) : null;
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
