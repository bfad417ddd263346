package dev.hedge.benchmarks.router;

import dev.hedge.core.router.QualityRouter;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.RouterFile;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.Executors;

/**
 * Decision latency of the quality router as the gateway runs it ({@link QualityRouting#decide}: MiniLM
 * embedding on one ONNX Runtime thread, then kNN + logistic scoring) for prompts of about 32, 128 and 512
 * tokens. Prints p50/p95/p99 in milliseconds per prompt length. The budget is p99 ≤ 10 ms up to 512 tokens.
 *
 * <pre>
 * java -cp hedge-app/target/hedge.jar:benchmarks/target/classes \
 *     dev.hedge.benchmarks.router.RouterLatencyBenchmark ROUTER_FILE [samples]
 * </pre>
 */
public final class RouterLatencyBenchmark {

    private static final String[] WORDS = ("the a compute solve explain why how many apples train station speed "
            + "function return value list python error memory database query index write essay poem about river "
            + "mountain history war king law contract tax rate percent total cost each per hour minute derivative "
            + "integral matrix vector proof theorem").split(" ");

    private RouterLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RouterLatencyBenchmark ROUTER_FILE [samples]");
            System.exit(2);
        }
        Path router = Path.of(args[0]);
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        try (MiniLmEmbedder embedder = MiniLmEmbedder.load(1)) {
            QualityRouting routing = QualityRouting.load(
                    List.of(new RouterPolicySpec("bench", 1, 1, router, OptionalDouble.of(0.5), OptionalDouble.empty())),
                    embedder, Executors.newSingleThreadExecutor(), SystemTicker.instance());
            QualityRouter model = RouterFile.read(router);
            Random random = new Random(42);
            for (int words : new int[] {24, 96, 400}) {
                String[] prompts = new String[samples];
                int tokens = 0;
                for (int i = 0; i < samples; i++) {
                    prompts[i] = prompt(random, words);
                }
                tokens = embedder.countTokens(prompts[0]);
                for (int i = 0; i < Math.min(50, samples); i++) {
                    routing.decide("bench", prompts[i]);
                }
                long[] nanos = new long[samples];
                for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    routing.decide("bench", prompts[i]);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                long[] embedOnly = new long[samples];
                long[] scoreOnly = new long[samples];
                for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    float[] vector = embedder.embed(List.of(prompts[i])).vectors().getFirst();
                    long embedded = System.nanoTime();
                    model.score(vector, prompts[i]);
                    scoreOnly[i] = System.nanoTime() - embedded;
                    embedOnly[i] = embedded - start;
                }
                Arrays.sort(embedOnly);
                Arrays.sort(scoreOnly);
                System.out.printf("  of which embedding p50 %.2f ms p99 %.2f ms; kNN + head scoring (%d memory points) p50 %.2f ms p99 %.2f ms%n",
                        ms(embedOnly, 0.5), ms(embedOnly, 0.99), model.memory().size(), ms(scoreOnly, 0.5), ms(scoreOnly, 0.99));
                System.out.printf("prompt ~%d words (%d word pieces read, cap %d): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n",
                        words, tokens, embedder.maxTokens(), ms(nanos, 0.50), ms(nanos, 0.95), ms(nanos, 0.99),
                        nanos[samples - 1] / 1e6, samples);
            }
        }
        System.exit(0);
    }

    private static String prompt(Random random, int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? ". " : " ");
        }
        return text.toString();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
