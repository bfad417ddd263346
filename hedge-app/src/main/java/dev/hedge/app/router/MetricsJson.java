package dev.hedge.app.router;

import dev.hedge.core.router.RoutingMetrics;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
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

    /**
     * How the router's figures spread over reports of the same items scored several ways (repeated
     * cross-validation with different fold seeds): the number of reports and the mean, minimum and maximum
     * of APGR, CPT(50 %) and CPT(80 %) (percent; a CPT never reached counts as 100 %).
     *
     * @throws IllegalArgumentException if {@code reports} is empty
     */
    public static Map<String, Object> spread(List<RoutingMetrics.Report> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("reports: none (expected: at least one)");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("repeats", reports.size());
        json.put("apgr", spreadOf(reports, summary -> summary.apgr(), 1));
        json.put("cpt50_pct", spreadOf(reports, summary -> summary.cpt50().orElse(1), 100));
        json.put("cpt80_pct", spreadOf(reports, summary -> summary.cpt80().orElse(1), 100));
        return json;
    }

    private static Map<String, Object> spreadOf(List<RoutingMetrics.Report> reports,
            ToDoubleFunction<RoutingMetrics.Summary> figure, double unit) {
        DoubleSummaryStatistics statistics = reports.stream()
                .mapToDouble(report -> unit * figure.applyAsDouble(report.router())).summaryStatistics();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mean", round(statistics.getAverage()));
        json.put("min", round(statistics.getMin()));
        json.put("max", round(statistics.getMax()));
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
