package dev.hedge.app.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hedge.api.json.Json;
import dev.hedge.core.router.RouterItem;
import dev.hedge.core.router.RouterItems;
import dev.hedge.core.router.RoutingMetrics;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our Java metrics against the reference evaluator (shared/data/routing/evaluate.py) on real items. */
class MetricsAgreeWithReferenceEvaluatorTest {

    private static final String STRONG = "gpt-4-1106-preview";
    private static final String WEAK = "mixtral-8x7b-instruct-v0.1";

    @ParameterizedTest
    @ValueSource(strings = {"gsm8k.jsonl", "arena_bench_v1.jsonl"})
    void apgrAndCptMatchEvaluatePy(String file, @TempDir Path dir) throws Exception {
        Path items = SharedRouting.file(file);
        List<RouterItem> loaded = RouterItems.read(items, STRONG, WEAK).items();
        // a deterministic score with many ties (rounded length), so tie handling is exercised too
        double[] scores = loaded.stream().mapToDouble(item -> Math.round(Math.log1p(item.prompt().length()) * 4) / 40.0).toArray();
        Path predictions = dir.resolve("predictions.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            for (int i = 0; i < scores.length; i++) {
                out.write(Json.writeString(Map.of("id", loaded.get(i).id(), "p_strong", scores[i])));
                out.newLine();
            }
        }
        RoutingMetrics.Report ours = RoutingMetrics.evaluate(scores,
                loaded.stream().mapToDouble(RouterItem::strongScore).toArray(),
                loaded.stream().mapToDouble(RouterItem::weakScore).toArray());

        JsonNode reference = runEvaluator(items, predictions);

        assertThat(ours.items()).isEqualTo(reference.path("n").asInt());
        assertSame(ours.router(), reference.path("router"));
        assertSame(ours.random(), reference.path("random"));
        assertSame(ours.oracle(), reference.path("oracle"));
    }

    private static void assertSame(RoutingMetrics.Summary ours, JsonNode reference) {
        assertThat(ours.apgr()).isCloseTo(reference.path("apgr").asDouble(), within(1e-3));
        assertPercent(ours.cpt50(), reference.path("cpt50_pct"));
        assertPercent(ours.cpt80(), reference.path("cpt80_pct"));
        assertPercent(ours.cpt95(), reference.path("cpt95_pct"));
    }

    private static void assertPercent(OptionalDouble ours, JsonNode reference) {
        if (reference.isNull()) {
            assertThat(ours).isEmpty();
        } else {
            assertThat(ours).isPresent();
            assertThat(100 * ours.getAsDouble()).isCloseTo(reference.asDouble(), within(1e-2));
        }
    }

    private static JsonNode runEvaluator(Path items, Path predictions) throws Exception {
        Path script = items.resolveSibling("evaluate.py");
        Process process = new ProcessBuilder("python3", script.toString(), items.toString(), predictions.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("evaluate.py finished").isTrue();
        assertThat(process.exitValue()).as("evaluate.py exit code").isZero();
        return Json.tree(output);
    }
}
