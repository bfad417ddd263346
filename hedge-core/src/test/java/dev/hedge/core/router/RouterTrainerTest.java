package dev.hedge.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RouterTrainerTest {

    /** A memory of one neighbour and no feature head: each held-out item gets its nearest training item's label. */
    private static final RouterTrainer NEAREST = new RouterTrainer(new RouterTrainer.Settings(1, 0.1, 0, 0.5, 1e-3, 1, 1.0, 5, 7, KnnMemory.Target.LABEL));

    private static RouterItem item(int i, String prompt, boolean strongWins) {
        return new RouterItem("item/" + i, "test", prompt, 1, strongWins ? 0 : 1, 0, 1);
    }

    @Test
    void duplicatePromptsShareAFold() {
        List<RouterItem> items = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            items.add(item(i, "question " + i, false));
        }
        items.add(item(200, "  Question 17\n", false));
        items.add(item(201, "QUESTION   42", false));
        int[] folds = NEAREST.folds(items);
        assertThat(folds[200]).isEqualTo(folds[17]);
        assertThat(folds[201]).isEqualTo(folds[42]);
        assertThat(java.util.Arrays.stream(folds, 0, 200).distinct().count()).as("distinct prompts still spread over all folds").isEqualTo(5);
    }

    @Test
    void aHeldOutItemsTwinDoesNotLeakItsLabel() {
        // 150 prompts, each twice with the same (random) label and the same embedding, near-orthogonal to the
        // others: a twin in the training folds would give every held-out item its own label back.
        Random random = new Random(1);
        List<RouterItem> items = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            boolean strongWins = random.nextBoolean();
            float[] vector = unit(random, 256);
            for (int copy = 0; copy < 2; copy++) {
                items.add(item(2 * i + copy, "prompt number " + i + (copy == 0 ? "" : " "), strongWins));
                embeddings.add(vector);
            }
        }
        double[] heldOut = NEAREST.crossValidate(items, embeddings);
        int agree = 0;
        for (int i = 0; i < items.size(); i++) {
            agree += Math.round(heldOut[i]) == Math.round(items.get(i).target()) ? 1 : 0;
        }
        assertThat((double) agree / items.size()).as("held-out scores carry no more than chance agreement with the labels").isBetween(0.3, 0.7);
    }

    @Test
    void theMemoryLearnsGainsAndTheHeadTheLabel() {
        Random random = new Random(3);
        List<RouterItem> items = new ArrayList<>();
        List<float[]> embeddings = new ArrayList<>();
        double[][] outcomes = {{1, 0}, {0, 1}, {1, 1}, {0, 0}};
        for (int i = 0; i < 40; i++) {
            double[] outcome = outcomes[i % 4];
            items.add(new RouterItem("item/" + i, "test", "prompt " + i, outcome[0], outcome[1], 0, 1));
            embeddings.add(unit(random, 16));
        }
        RouterTrainer.Settings defaults = RouterTrainer.Settings.defaults();
        assertThat(defaults.memoryTarget()).isEqualTo(KnnMemory.Target.GAIN);
        QualityRouter gain = new RouterTrainer(defaults).train(items, embeddings, "s", "w", "e");
        assertThat(gain.memory().target()).isEqualTo(KnnMemory.Target.GAIN);
        assertThat(gain.memory().targets()).startsWith(1, -1, 0, 0, 1, -1);

        RouterTrainer.Settings labelled = new RouterTrainer.Settings(defaults.k(), defaults.temperature(), defaults.priorWeight(),
                defaults.priorSimilarity(), defaults.l2(), defaults.epochs(), defaults.knnWeight(), defaults.folds(), defaults.seed(),
                KnnMemory.Target.LABEL);
        QualityRouter label = new RouterTrainer(labelled).train(items, embeddings, "s", "w", "e");
        assertThat(label.memory().targets()).startsWith(1, 0, 0, 0, 1, 0);
        // the head learns the label y in both
        double[][] inputs = items.stream().map(item -> PromptFeatures.of(item.prompt())).toArray(double[][]::new);
        LogisticHead onLabels = LogisticHead.fit(inputs, items.stream().mapToDouble(RouterItem::target).toArray(),
                defaults.l2(), defaults.epochs());
        double[] features = PromptFeatures.of("prompt 7");
        assertThat(gain.head().score(features)).isEqualTo(label.head().score(features)).isEqualTo(onLabels.score(features));
    }

    private static float[] unit(Random random, int dimensions) {
        float[] v = new float[dimensions];
        double norm = 0;
        for (int d = 0; d < dimensions; d++) {
            v[d] = (float) random.nextGaussian();
            norm += v[d] * v[d];
        }
        for (int d = 0; d < dimensions; d++) {
            v[d] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
