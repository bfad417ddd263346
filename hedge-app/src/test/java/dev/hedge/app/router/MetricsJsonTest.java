package dev.hedge.app.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hedge.core.router.RoutingMetrics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsJsonTest {

    private static final double[] STRONG = {1, 1, 1, 1};
    private static final double[] WEAK = {0, 0, 1, 1};

    @Test
    @SuppressWarnings("unchecked")
    void spreadGivesMeanMinAndMaxOfTheRoutersFigures() {
        RoutingMetrics.Report good = RoutingMetrics.evaluate(new double[] {1, 0.9, 0.1, 0}, STRONG, WEAK);
        RoutingMetrics.Report bad = RoutingMetrics.evaluate(new double[] {0, 0.1, 0.9, 1}, STRONG, WEAK);
        Map<String, Object> spread = MetricsJson.spread(List.of(good, bad));

        assertThat(spread).containsEntry("repeats", 2);
        Map<String, Object> apgr = (Map<String, Object>) spread.get("apgr");
        assertThat((double) apgr.get("mean")).isCloseTo((good.router().apgr() + bad.router().apgr()) / 2, within(1e-4));
        assertThat((double) apgr.get("min")).isCloseTo(bad.router().apgr(), within(1e-4));
        assertThat((double) apgr.get("max")).isCloseTo(good.router().apgr(), within(1e-4));
        Map<String, Object> cpt50 = (Map<String, Object>) spread.get("cpt50_pct");
        assertThat((double) cpt50.get("min")).as("the good router reaches PGR 0.5 with a quarter of the calls")
                .isCloseTo(100 * good.router().cpt50().getAsDouble(), within(1e-2));
        assertThat((double) cpt50.get("max")).isCloseTo(100 * bad.router().cpt50().getAsDouble(), within(1e-2));
        assertThat(good.router().apgr()).isGreaterThan(bad.router().apgr());
    }

    @Test
    void spreadOfNothingIsAnError() {
        assertThatThrownBy(() -> MetricsJson.spread(List.of())).hasMessageContaining("reports: none");
    }
}
