package dev.hedge.core.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Fits a {@link QualityRouter} from labelled items and their embeddings, and measures it honestly: K-fold
 * cross-validation (every item scored by a router that never saw it) and leave-one-source-out (every source
 * scored by a router trained on the other sources). The calibration stored with a router is its own
 * out-of-fold scores, so quality floors are not set on memorised items.
 */
public final class RouterTrainer {

    /**
     * Hyperparameters.
     *
     * @param k neighbours the memory averages
     * @param temperature similarity temperature of the memory's weights
     * @param priorWeight pseudo-neighbours holding the prior
     * @param priorSimilarity similarity at which the prior's pseudo-neighbours sit
     * @param l2 L2 penalty of the head (over {@link PromptFeatures})
     * @param epochs full-batch epochs of the head
     * @param knnWeight blend weight of the memory
     * @param folds folds of the cross-validation that makes the calibration
     * @param seed fold assignment seed
     * @param memoryTarget what the memory learns: each item's {@link RouterItem#gain()} or its label
     *     {@link RouterItem#target()} (the head always learns the label)
     */
    public record Settings(int k, double temperature, double priorWeight, double priorSimilarity, double l2, int epochs,
            double knnWeight, int folds, long seed, KnnMemory.Target memoryTarget) {

        public Settings {
            Objects.requireNonNull(memoryTarget, "memoryTarget");
            if (folds < 2) {
                throw new IllegalArgumentException("folds: %s (expected: >= 2)".formatted(folds));
            }
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs: %s (expected: > 0)".formatted(epochs));
            }
        }

        /** The same settings with fold assignment seed {@code seed} (repeated cross-validation). */
        public Settings withSeed(long seed) {
            return new Settings(k, temperature, priorWeight, priorSimilarity, l2, epochs, knnWeight, folds, seed, memoryTarget);
        }

        /** The settings chosen by cross-validation on the visible routing data (docs/router.md). */
        public static Settings defaults() {
            return new Settings(50, 0.1, 1.0, 0.5, 1e-3, 300, 0.5, 5, 7, KnnMemory.Target.GAIN);
        }
    }

    private final Settings settings;

    public RouterTrainer(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /** Trains on all {@code items}; the calibration comes from {@link #crossValidate}. */
    public QualityRouter train(List<RouterItem> items, List<float[]> embeddings, String strong, String weak, String embedder) {
        checkInputs(items, embeddings);
        double[] heldOut = crossValidate(items, embeddings);
        QualityRouter fitted = fit(items, embeddings, i -> true, strong, weak, embedder, null);
        return new QualityRouter(fitted.info(), fitted.memory(), fitted.head(), fitted.knnWeight(),
                calibration(items, heldOut));
    }

    /**
     * Out-of-fold scores: item i scored by a router trained on the folds without it. Items with the same
     * prompt (up to case and whitespace) share a fold ({@link #folds}), so no held-out item has its own
     * copy among the training items.
     */
    public double[] crossValidate(List<RouterItem> items, List<float[]> embeddings) {
        checkInputs(items, embeddings);
        int[] fold = folds(items);
        double[] scores = new double[items.size()];
        for (int f = 0; f < settings.folds(); f++) {
            int held = f;
            scoreHeldOut(items, embeddings, i -> fold[i] != held, scores);
        }
        return scores;
    }

    /**
     * The cross-validation fold of each item: drawn at random (seeded), except that an item whose prompt
     * repeats an earlier item's (compared after {@link #promptKey}) takes that item's fold. A duplicate in
     * another fold would be its own nearest neighbour at similarity 1 and leak its label (MMLU's visible
     * half has 53 such pairs, all with equal labels). Every item still consumes one draw, so items without
     * duplicates keep the folds they had before duplicates were grouped.
     */
    int[] folds(List<RouterItem> items) {
        int[] fold = new int[items.size()];
        Random random = new Random(settings.seed());
        Map<String, Integer> firstFold = new HashMap<>();
        for (int i = 0; i < fold.length; i++) {
            int drawn = random.nextInt(settings.folds());
            fold[i] = firstFold.computeIfAbsent(promptKey(items.get(i).prompt()), key -> drawn);
        }
        return fold;
    }

    /** A prompt compared for duplicates: lower case, runs of whitespace as one space, trimmed. */
    static String promptKey(String prompt) {
        return WHITESPACE.matcher(prompt.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** Scores of each source's items by a router trained on every other source. */
    public double[] leaveOneSourceOut(List<RouterItem> items, List<float[]> embeddings) {
        checkInputs(items, embeddings);
        Map<String, Integer> sources = new LinkedHashMap<>();
        items.forEach(item -> sources.putIfAbsent(item.source(), sources.size()));
        if (sources.size() < 2) {
            throw new IllegalArgumentException("leave-one-source-out needs at least two sources, got " + sources.keySet());
        }
        double[] scores = new double[items.size()];
        for (String source : sources.keySet()) {
            scoreHeldOut(items, embeddings, i -> !items.get(i).source().equals(source), scores);
        }
        return scores;
    }

    private void scoreHeldOut(List<RouterItem> items, List<float[]> embeddings, IntPredicate inTraining, double[] scores) {
        QualityRouter router = fit(items, embeddings, inTraining, "strong", "weak", "cv", null);
        for (int i = 0; i < items.size(); i++) {
            if (!inTraining.test(i)) {
                scores[i] = router.score(embeddings.get(i), items.get(i).prompt());
            }
        }
    }

    private QualityRouter fit(List<RouterItem> items, List<float[]> embeddings, IntPredicate inTraining, String strong,
            String weak, String embedder, Calibration calibration) {
        int dimensions = embeddings.getFirst().length;
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (inTraining.test(i)) {
                chosen.add(i);
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no training items");
        }
        float[] vectors = new float[chosen.size() * dimensions];
        float[] memoryTargets = new float[chosen.size()];
        double[][] inputs = new double[chosen.size()][];
        double[] labels = new double[chosen.size()];
        for (int j = 0; j < chosen.size(); j++) {
            RouterItem item = items.get(chosen.get(j));
            System.arraycopy(embeddings.get(chosen.get(j)), 0, vectors, j * dimensions, dimensions);
            labels[j] = item.target();
            memoryTargets[j] = (float) settings.memoryTarget().of(item.gain());
            inputs[j] = PromptFeatures.of(item.prompt());
        }
        KnnMemory memory = new KnnMemory(dimensions, vectors, memoryTargets, settings.memoryTarget(), settings.k(),
                settings.temperature(), settings.priorWeight(), settings.priorSimilarity());
        LogisticHead head = settings.knnWeight() < 1
                ? LogisticHead.fit(inputs, labels, settings.l2(), settings.epochs())
                : new LogisticHead(new double[PromptFeatures.COUNT], ones(PromptFeatures.COUNT),
                        new double[PromptFeatures.COUNT], 0);
        Calibration placeholder = calibration != null ? calibration : new Calibration(new double[] {0.5}, new double[] {1}, new double[] {0});
        return new QualityRouter(new QualityRouter.Info(strong, weak, embedder, 0, chosen.size(), 0), memory, head,
                settings.knnWeight(), placeholder);
    }

    private static double[] ones(int n) {
        double[] values = new double[n];
        java.util.Arrays.fill(values, 1);
        return values;
    }

    private static Calibration calibration(List<RouterItem> items, double[] scores) {
        double[] strong = new double[items.size()];
        double[] weak = new double[items.size()];
        for (int i = 0; i < items.size(); i++) {
            RouterItem item = items.get(i);
            strong[i] = (item.strongScore() - item.scaleMin()) / (item.scaleMax() - item.scaleMin());
            weak[i] = (item.weakScore() - item.scaleMin()) / (item.scaleMax() - item.scaleMin());
        }
        return new Calibration(scores.clone(), strong, weak);
    }

    private static void checkInputs(List<RouterItem> items, List<float[]> embeddings) {
        if (items.isEmpty() || items.size() != embeddings.size()) {
            throw new IllegalArgumentException("items: %d, embeddings: %d (expected: equal and > 0)"
                    .formatted(items.size(), embeddings.size()));
        }
    }
}
