package dev.hedge.app.cli;

import dev.hedge.api.json.Json;
import dev.hedge.app.router.MetricsJson;
import dev.hedge.app.router.PromptEmbeddings;
import dev.hedge.app.router.QualityPlot;
import dev.hedge.core.router.EmbeddingCache;
import dev.hedge.core.router.KnnMemory;
import dev.hedge.core.router.QualityRouter;
import dev.hedge.core.router.RouterFile;
import dev.hedge.core.router.RouterItem;
import dev.hedge.core.router.RouterItems;
import dev.hedge.core.router.RouterRevisions;
import dev.hedge.core.router.RouterTrainer;
import dev.hedge.core.router.RoutingMetrics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import dev.hedge.local.embed.MiniLmEmbedder;
import dev.hedge.local.embed.StaticEmbedder;
import dev.hedge.app.router.PieceDistillation;
import dev.hedge.core.embed.PieceTable;
import dev.hedge.core.embed.TextEmbedder;
import java.util.Optional;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hedge router}: train, evaluate and manage the learned quality router. */
@Command(name = "router", mixinStandardHelpOptions = true, description = "Train and evaluate the quality router.",
        subcommands = {RouterCommand.Train.class, RouterCommand.Eval.class, RouterCommand.Distill.class,
                RouterCommand.Embed.class, RouterCommand.Rollback.class})
final class RouterCommand implements Runnable {

    static final String DEFAULT_STRONG = "gpt-4-1106-preview";
    static final String DEFAULT_WEAK = "mixtral-8x7b-instruct-v0.1";
    static final int DEFAULT_DIMENSIONS = 128;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every data-reading subcommand shares. */
    static final class DataOptions {
        @Option(names = "--data", required = true, arity = "1..*", description = "Item files (JSONL).")
        List<Path> data = new ArrayList<>();

        @Option(names = "--strong", defaultValue = DEFAULT_STRONG, description = "Strong model name in the items' scores.")
        String strong = DEFAULT_STRONG;

        @Option(names = "--weak", defaultValue = DEFAULT_WEAK, description = "Weak model name in the items' scores.")
        String weak = DEFAULT_WEAK;

        @Option(names = "--cache", defaultValue = ".hedge-cache/router-embeddings.bin",
                description = "Cache of contextual MiniLM embeddings (keyed by text hash; --embedder contextual only).")
        Path cache = Path.of(".hedge-cache/router-embeddings.bin");

        List<RouterItem> load(PrintWriter err) {
            List<RouterItem> items = new ArrayList<>();
            for (Path file : data) {
                RouterItems.Loaded loaded = RouterItems.read(file, strong, weak);
                items.addAll(loaded.items());
                err.printf("%s: %d items%s%n", file, loaded.items().size(),
                        loaded.skipped() == 0 ? "" : " (%d without scores for both models, skipped)".formatted(loaded.skipped()));
            }
            if (items.isEmpty()) {
                throw new IllegalArgumentException("--data: no item scores both %s and %s".formatted(strong, weak));
            }
            return items;
        }

        /** MiniLM's contextual vectors of the items' prompts, through the cache. */
        List<float[]> embedContextual(List<RouterItem> items, PrintWriter err) {
            try (MiniLmEmbedder embedder = MiniLmEmbedder.load(2);
                    EmbeddingCache embeddingCache = EmbeddingCache.open(cache, embedder.name(), embedder.dimensions())) {
                return new PromptEmbeddings(embedder, embeddingCache, err)
                        .embed(items.stream().map(RouterItem::prompt).toList());
            }
        }

        /** The items' prompts embedded by {@code embedder} (static: fast enough to need no cache). */
        static List<float[]> embedWith(TextEmbedder embedder, List<RouterItem> items, PrintWriter err) {
            long started = System.nanoTime();
            List<float[]> vectors = embedder.embed(items.stream().map(RouterItem::prompt).toList()).vectors();
            err.printf("embedding: %d prompts done with %s (%.1f s)%n", items.size(), embedder.name(), (System.nanoTime() - started) / 1e9);
            return vectors;
        }
    }

    /** Where distilled word-piece vectors are cached, and how to compute missing ones. */
    static final class DistillOptions {
        @Option(names = "--pieces-cache", defaultValue = ".hedge-cache/minilm-pieces.bin",
                description = "Cache of MiniLM's per-word-piece vectors (computed once, ~30k model runs).")
        Path piecesCache = Path.of(".hedge-cache/minilm-pieces.bin");

        @Option(names = "--threads", defaultValue = "2", description = "Threads that run MiniLM while distilling (default: ${DEFAULT-VALUE}).")
        int threads = 2;

        @Option(names = "--pieces", hidden = true, defaultValue = "2147483647",
                description = "Distil only the first N word pieces of the vocabulary (quick tests).")
        int pieces = Integer.MAX_VALUE;

        float[] pieceVectors(PrintWriter err) {
            return PieceDistillation.pieceVectors(piecesCache, pieces, threads, err);
        }
    }

    @Command(name = "distill", mixinStandardHelpOptions = true,
            description = "Run MiniLM on every word piece of its vocabulary and cache the vectors (train does this on demand; run it niced).")
    static final class Distill implements Runnable {
        @CommandLine.Mixin
        DistillOptions distill;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            float[] vectors = distill.pieceVectors(err);
            err.printf("%d word-piece vectors in %s%n", vectors.length / MiniLmEmbedder.DIMENSIONS, distill.piecesCache);
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = "Embed the items' prompts with contextual MiniLM into the cache (train --embedder contextual and eval of such a router do this on demand).")
    static final class Embed implements Runnable {
        @CommandLine.Mixin
        DataOptions data;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            data.embedContextual(data.load(err), err);
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a router from labelled items; prints cross-validated metrics per source as JSON.")
    static final class Train implements Runnable {
        @CommandLine.Mixin
        DataOptions data;

        @Option(names = "--out", required = true, description = "Router file to write.")
        Path out;

        @Option(names = "--loso", description = "Also report leave-one-source-out metrics.")
        boolean loso;

        @Option(names = "--cv-repeats", defaultValue = "1",
                description = "Repeat the cross-validation with this many fold seeds (the first is the calibration's) and report "
                        + "the spread of each source's figures (default: ${DEFAULT-VALUE}).")
        int cvRepeats = 1;

        @Option(names = "--plots", description = "Directory for one PNG per source of the cross-validated quality vs strong calls "
                + "(<source>-cv.png; with --loso also <source>-loso.png).")
        Path plots;

        @Option(names = "--k", description = "Neighbours of the kNN memory (default: ${DEFAULT-VALUE}).")
        int k = RouterTrainer.Settings.defaults().k();

        @Option(names = "--knn-weight", description = "Blend weight of the kNN memory vs the logistic head (default: ${DEFAULT-VALUE}).")
        double knnWeight = RouterTrainer.Settings.defaults().knnWeight();

        @Option(names = "--memory-target", defaultValue = "gain",
                description = "What the kNN memory learns: gain (the strong tier's gain in [-1, 1]; the default) or label "
                        + "(1 when the weak answer is worse, else 0: routers before format 3). The head always learns the label.")
        String memoryTarget = "gain";

        @Option(names = "--embedder", defaultValue = "static",
                description = "static (a table distilled from MiniLM, stored in the router; the default) or contextual (MiniLM run per prompt, 256 word pieces; slow).")
        String embedder = "static";

        @Option(names = "--dims", defaultValue = "" + DEFAULT_DIMENSIONS,
                description = "Principal components the static table keeps (default: ${DEFAULT-VALUE}).")
        int dims = DEFAULT_DIMENSIONS;

        @Option(names = "--sif", hidden = true, defaultValue = "" + PieceDistillation.SIF,
                description = "SIF constant of the table's Zipf weights; 0: unweighted mean (experiments).")
        double sif = PieceDistillation.SIF;

        @CommandLine.Mixin
        DistillOptions distill;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            List<RouterItem> items = data.load(err);
            Optional<PieceTable> table = switch (embedder) {
                case "static" -> Optional.of(PieceDistillation.table(distill.pieceVectors(err), MiniLmEmbedder.DIMENSIONS, dims, sif));
                case "contextual" -> Optional.empty();
                default -> throw new IllegalArgumentException("--embedder: %s (expected: static or contextual)".formatted(embedder));
            };
            List<float[]> vectors = table.isPresent()
                    ? DataOptions.embedWith(StaticEmbedder.miniLm(table.get()), items, err)
                    : data.embedContextual(items, err);
            String embedderName = table.map(PieceTable::name).orElse(MiniLmEmbedder.NAME);
            KnnMemory.Target target = switch (memoryTarget) {
                case "gain" -> KnnMemory.Target.GAIN;
                case "label" -> KnnMemory.Target.LABEL;
                default -> throw new IllegalArgumentException("--memory-target: %s (expected: gain or label)".formatted(memoryTarget));
            };
            RouterTrainer.Settings defaults = RouterTrainer.Settings.defaults();
            RouterTrainer trainer = new RouterTrainer(new RouterTrainer.Settings(k, defaults.temperature(),
                    defaults.priorWeight(), defaults.priorSimilarity(), defaults.l2(), defaults.epochs(), knnWeight,
                    defaults.folds(), defaults.seed(), target));
            if (cvRepeats < 1) {
                throw new IllegalArgumentException("--cv-repeats: %s (expected: >= 1)".formatted(cvRepeats));
            }
            err.printf("training on %d items (%d-fold cross-validation for the calibration)...%n", items.size(), defaults.folds());
            QualityRouter trained = trainer.train(items, vectors, data.strong, data.weak, embedderName);
            QualityRouter router = table.map(trained::withPieces).orElse(trained);
            RouterFile.write(router, out);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("router", out.toString());
            report.put("items", items.size());
            report.put("embedder", embedderName);
            double[] heldOut = router.calibration().heldOutScores();
            report.put("cross_validation", bySource(items, heldOut));
            plotBySource(items, heldOut, "cv", "%d-fold cross-validation".formatted(defaults.folds()));
            if (cvRepeats > 1) {
                report.put("cross_validation_repeated", repeatedCrossValidation(trainer, items, vectors, heldOut, err));
            }
            if (loso) {
                err.println("leave-one-source-out...");
                double[] leftOut = trainer.leaveOneSourceOut(items, vectors);
                report.put("leave_one_source_out", bySource(items, leftOut));
                plotBySource(items, leftOut, "loso", "leave-one-source-out");
            }
            spec.commandLine().getOut().println(Json.writeString(report));
        }

        /**
         * Each source's figures over {@link #cvRepeats} cross-validations with fold seeds {@code seed},
         * {@code seed + 1}, …: how much of a figure is the luck of one fold assignment.
         */
        private Map<String, Object> repeatedCrossValidation(RouterTrainer trainer, List<RouterItem> items, List<float[]> vectors,
                double[] first, PrintWriter err) {
            Map<String, List<RoutingMetrics.Report>> bySource = new LinkedHashMap<>();
            long seed = trainer.settings().seed();
            for (int repeat = 0; repeat < cvRepeats; repeat++) {
                double[] scores = first;
                if (repeat > 0) {
                    err.printf("cross-validation with fold seed %d (%d of %d)...%n", seed + repeat, repeat + 1, cvRepeats);
                    scores = new RouterTrainer(trainer.settings().withSeed(seed + repeat)).crossValidate(items, vectors);
                }
                bySourceReports(items, scores).forEach((source, metrics) -> bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(metrics));
            }
            Map<String, Object> json = new LinkedHashMap<>();
            bySource.forEach((source, reports) -> json.put(source, MetricsJson.spread(reports)));
            return json;
        }

        /** One plot per source of held-out {@code scores} into {@link #plots}, if set. */
        private void plotBySource(List<RouterItem> items, double[] scores, String protocol, String protocolName) {
            if (plots == null) {
                return;
            }
            try {
                Files.createDirectories(plots);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + plots + ": " + e.getMessage(), e);
            }
            bySourceReports(items, scores).forEach((source, report) -> QualityPlot.write(report,
                    "%s vs %s on %s, %s".formatted(data.strong, data.weak, source, protocolName),
                    plots.resolve(source + "-" + protocol + ".png")));
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Score items with a router; write predictions, print APGR/CPT as JSON, plot quality vs strong calls.")
    static final class Eval implements Runnable {
        @CommandLine.Mixin
        DataOptions data;

        @Option(names = "--router", required = true, description = "Router file.")
        Path router;

        @Option(names = "--out", required = true, description = "Predictions to write (JSONL: id, p_strong in [0, 1], score).")
        Path out;

        @Option(names = "--plot", description = "PNG plot to write (default: the predictions' path with .png).")
        Path plot;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter err = spec.commandLine().getErr();
            QualityRouter model = RouterFile.read(router);
            List<RouterItem> items = data.load(err);
            List<float[]> vectors = model.pieces().isPresent()
                    ? DataOptions.embedWith(StaticEmbedder.miniLm(model.pieces().get()), items, err)
                    : data.embedContextual(items, err);
            double[] scores = new double[items.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = model.score(vectors.get(i), items.get(i).prompt());
            }
            writePredictions(items, scores, model.memory().target(), out);
            RoutingMetrics.Report report = RoutingMetrics.evaluate(scores, strongScores(items), weakScores(items));
            Path png = plot != null ? plot : out.resolveSibling(out.getFileName().toString().replaceFirst("\\.jsonl?$", "") + ".png");
            QualityPlot.write(report, "%s vs %s on %s".formatted(data.strong, data.weak,
                    data.data.stream().map(p -> String.valueOf(p.getFileName())).toList()), png);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("predictions", out.toString());
            json.put("plot", png.toString());
            json.putAll(MetricsJson.of(report));
            spec.commandLine().getOut().println(Json.writeString(json));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Undo the latest online update of a router (a running server: POST /admin/router/rollback/<model>).")
    static final class Rollback implements Runnable {
        @Option(names = "--router", required = true, description = "The trained router file (revisions sit next to it).")
        Path router;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            QualityRouter current;
            try {
                current = RouterRevisions.rollback(router);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            spec.commandLine().getOut().printf("router %s: revision %d is current (%d feedback points)%n", router,
                    current.info().revision(), current.info().feedbackItems());
        }
    }

    static Map<String, Object> bySource(List<RouterItem> items, double[] scores) {
        Map<String, Object> bySource = new LinkedHashMap<>();
        bySourceReports(items, scores).forEach((source, report) -> bySource.put(source, MetricsJson.of(report)));
        return bySource;
    }

    /** The metrics of {@code scores} on each source's items, in the order sources first appear. */
    static Map<String, RoutingMetrics.Report> bySourceReports(List<RouterItem> items, double[] scores) {
        Map<String, RoutingMetrics.Report> bySource = new LinkedHashMap<>();
        for (String source : items.stream().map(RouterItem::source).distinct().toList()) {
            List<Integer> members = java.util.stream.IntStream.range(0, items.size())
                    .filter(i -> items.get(i).source().equals(source)).boxed().toList();
            List<RouterItem> subset = members.stream().map(items::get).toList();
            double[] subsetScores = members.stream().mapToDouble(i -> scores[i]).toArray();
            bySource.put(source, RoutingMetrics.evaluate(subsetScores, strongScores(subset), weakScores(subset)));
        }
        return bySource;
    }

    static double[] strongScores(List<RouterItem> items) {
        return items.stream().mapToDouble(RouterItem::strongScore).toArray();
    }

    static double[] weakScores(List<RouterItem> items) {
        return items.stream().mapToDouble(RouterItem::weakScore).toArray();
    }

    /**
     * One line per item in the reference evaluator's format: {@code p_strong} is the router's score moved
     * into [0, 1] as that format asks ({@code (score + 1) / 2} for a gain router, whose scores can be negative;
     * the score itself for a label router), which keeps its order; {@code score} is the router's own score.
     */
    static void writePredictions(List<RouterItem> items, double[] scores, KnnMemory.Target target, Path file) {
        double lowest = target.lowest();
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < scores.length; i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", items.get(i).id());
                line.put("p_strong", (scores[i] - lowest) / (1 - lowest));
                line.put("score", scores[i]);
                writer.write(Json.writeString(line));
                writer.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
