package dev.hedge.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KnnMemoryTest {

    @Test
    void similaritiesAreTheDotProductsWithEveryRememberedVector() {
        Random random = new Random(9);
        int size = 37;
        int dimensions = 13;
        float[] vectors = new float[size * dimensions];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (float) random.nextGaussian();
        }
        float[] query = new float[dimensions];
        for (int d = 0; d < dimensions; d++) {
            query[d] = (float) random.nextGaussian();
        }
        KnnMemory memory = new KnnMemory(dimensions, vectors, new float[size], KnnMemory.Target.LABEL, 5, 0.1, 1, 0.5);

        float[] similarities = memory.similarities(query);
        for (int i = 0; i < size; i++) {
            double dot = 0;
            for (int d = 0; d < dimensions; d++) {
                dot += vectors[i * dimensions + d] * query[d];
            }
            assertThat((double) similarities[i]).isCloseTo(dot, within(1e-4));
        }
        KnnMemory grown = memory.with(query.clone(), 1);
        assertThat(grown.similarities(query)).hasSize(size + 1);
        assertThat(grown.similarities(query)[size]).isCloseTo((float) dot(query, query), within(1e-3f));
    }

    @Test
    void scoreIsTheWeightedMeanOfTheNearestTargetsShrunkToThePrior() {
        // three points: two targets 1 near east, one target 0 at north; k = 2
        KnnMemory memory = new KnnMemory(2, new float[] {1, 0, 0.8f, 0.6f, 0, 1}, new float[] {1, 1, 0}, KnnMemory.Target.LABEL, 2, 0.1, 1, 0.5);
        double east = memory.score(new float[] {1, 0});
        double wEast = 1;
        double wNear = Math.exp((0.8 - 1) / 0.1);
        double wPrior = Math.exp((0.5 - 1) / 0.1);
        assertThat(east).isCloseTo((wEast + wNear + wPrior * (2.0 / 3)) / (wEast + wNear + wPrior), within(1e-6));
    }

    @Test
    void aGainMemoryShrinksTowardTheMeanGainAndTakesNegativeTargets() {
        KnnMemory memory = new KnnMemory(2, new float[] {1, 0, 0, 1, 0, 1}, new float[] {1, -1, -1}, KnnMemory.Target.GAIN, 3, 0.1, 1, 0.5);
        // a query orthogonal to all three, at similarity 0: weight exp(-10) each against the prior's exp(-5)
        float[] far = {-0.6f, -0.8f};
        double w = Math.exp((-0.6 - 1) / 0.1);
        double wNorth = Math.exp((-0.8 - 1) / 0.1);
        double wPrior = Math.exp((0.5 - 1) / 0.1);
        assertThat(memory.score(far)).isCloseTo((w * 1 + 2 * wNorth * -1 + wPrior * (-1.0 / 3)) / (w + 2 * wNorth + wPrior), within(1e-6));
        assertThat(memory.score(far)).as("the prior is the mean gain, -1/3").isCloseTo(-1.0 / 3, within(0.01));

        assertThat(memory.with(new float[] {1, 0}, -1).targets()).containsExactly(1, -1, -1, -1);
        KnnMemory label = new KnnMemory(2, new float[] {1, 0}, new float[] {1}, KnnMemory.Target.LABEL, 3, 0.1, 1, 0.5);
        assertThatThrownBy(() -> label.with(new float[] {1, 0}, -1)).hasMessageContaining("target: -1.0 (expected: in [0.0, 1] for a label memory)");
        assertThatThrownBy(() -> memory.with(new float[] {1, 0}, 1.5)).hasMessageContaining("for a gain memory");
    }

    @Test
    void targetsOfAnOutcome() {
        assertThat(KnnMemory.Target.GAIN.of(-1)).isEqualTo(-1);
        assertThat(KnnMemory.Target.GAIN.of(0.4)).isEqualTo(0.4);
        assertThat(KnnMemory.Target.LABEL.of(-1)).isZero();
        assertThat(KnnMemory.Target.LABEL.of(0.4)).isEqualTo(0.4);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
