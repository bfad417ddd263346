package dev.hedge.benchmarks.router;

import dev.hedge.app.router.RouterWiring;
import dev.hedge.core.embed.TextEmbedder;
import dev.hedge.core.router.QualityRouter;
import dev.hedge.core.router.QualityRouting;
import dev.hedge.core.router.RouterPolicySpec;
import dev.hedge.core.router.RouterRevisions;
import dev.hedge.core.time.SystemTicker;
import dev.hedge.local.embed.BertTokenizer;
import dev.hedge.local.embed.MiniLmEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Decision latency of the quality router as the gateway runs it ({@link QualityRouting#decide}: the router's
 * embedder — its static table, or contextual MiniLM on one ONNX Runtime thread — then kNN + logistic
 * scoring) for prompts of about 27, 111, 256 and 512 word pieces. Give several router files (e.g. a static
 * and a contextual one) to measure them side by side, interleaved per prompt length, in one run. Prints
 * p50/p95/p99 in milliseconds. The budget is p99 ≤ 10 ms up to 512 tokens.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp hedge-app/target/hedge.jar:benchmarks/target/classes \
 *     dev.hedge.benchmarks.router.RouterLatencyBenchmark [--samples N] ROUTER_FILE...
 * </pre>
 */
public final class RouterLatencyBenchmark {

    private static final String[] WORDS = ("the a compute solve explain why how many apples train station speed "
            + "function return value list python error memory database query index write essay poem about river "
            + "mountain history war king law contract tax rate percent total cost each per hour minute derivative "
            + "integral matrix vector proof theorem").split(" ");

    private static final int[] PIECES = {27, 111, 256, 512};

    private RouterLatencyBenchmark() {}

    private record Subject(Path file, TextEmbedder embedder, QualityRouting routing, QualityRouter model) {}

    public static void main(String[] args) throws Exception {
        int samples = 300;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--samples")) {
                samples = Integer.parseInt(args[++i]);
            } else {
                files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: RouterLatencyBenchmark [--samples N] ROUTER_FILE...");
            System.exit(2);
        }
        ExecutorService unused = Executors.newSingleThreadExecutor();
        List<Subject> subjects = new ArrayList<>();
        for (Path file : files) {
            RouterPolicySpec spec = new RouterPolicySpec("bench", 1, 1, file, OptionalDouble.of(0.5), OptionalDouble.empty());
            TextEmbedder embedder = RouterWiring.embedderFor(spec);
            subjects.add(new Subject(file, embedder, QualityRouting.load(List.of(spec), embedder, unused, SystemTicker.instance()),
                    RouterRevisions.current(file)));
        }
        BertTokenizer tokenizer = MiniLmEmbedder.tokenizer();
        Random random = new Random(42);
        for (int pieces : PIECES) {
            String[] prompts = new String[samples];
            for (int i = 0; i < samples; i++) {
                prompts[i] = prompt(random, tokenizer, pieces);
            }
            for (Subject subject : subjects) {
                measure(subject, prompts, pieces);
            }
        }
        subjects.forEach(s -> s.embedder().close());
        System.exit(0);
    }

    private static void measure(Subject subject, String[] prompts, int pieces) {
        int samples = prompts.length;
        // steady state, as in a running gateway: at least 100 decisions and 3 seconds (the JIT compiles the scan)
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 100 || System.nanoTime() < warmUntil; i++) {
            subject.routing().decide("bench", prompts[i % samples]);
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            subject.routing().decide("bench", prompts[i]);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        long[] embedOnly = new long[samples];
        long[] scoreOnly = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            float[] vector = subject.embedder().embed(List.of(prompts[i])).vectors().getFirst();
            long embedded = System.nanoTime();
            subject.model().score(vector, prompts[i]);
            scoreOnly[i] = System.nanoTime() - embedded;
            embedOnly[i] = embedded - start;
        }
        Arrays.sort(embedOnly);
        Arrays.sort(scoreOnly);
        System.out.printf("%s [%s, %d-d, %d memory points], prompt of %d word pieces (embedder reads at most %d): "
                        + "decision p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d); "
                        + "embedding p50 %.2f / p99 %.2f ms; scoring p50 %.2f / p99 %.2f ms%n",
                subject.file().getFileName(), subject.embedder().name(), subject.embedder().dimensions(),
                subject.model().memory().size(), pieces, subject.embedder().maxTokens(), ms(nanos, 0.50), ms(nanos, 0.95),
                ms(nanos, 0.99), nanos[samples - 1] / 1e6, samples, ms(embedOnly, 0.5), ms(embedOnly, 0.99),
                ms(scoreOnly, 0.5), ms(scoreOnly, 0.99));
    }

    /** A random prompt of exactly {@code pieces} word pieces (words added while they fit, then "x"s). */
    private static String prompt(Random random, BertTokenizer tokenizer, int pieces) {
        StringBuilder text = new StringBuilder();
        int count = 0;
        while (count < pieces) {
            int mark = text.length();
            text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(10) == 0 ? ". " : " ");
            int grown = tokenizer.wordPieces(text.toString()).size();
            if (grown > pieces) {
                text.setLength(mark);
                text.append("x ");
                grown = count + 1;
            }
            count = grown;
        }
        return text.toString();
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
