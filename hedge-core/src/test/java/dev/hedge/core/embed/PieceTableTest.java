package dev.hedge.core.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceTableTest {

    @Test
    void embedsTheNormalisedSumOfItsRows() {
        PieceTable table = PieceTable.quantise("test", 2, new float[] {1, 0, 0, 2, -1, -1});

        float[] both = table.embed(new int[] {0, 1}, 0, 2);
        assertThat(both[0]).isCloseTo((float) (1 / Math.sqrt(5)), within(1e-2f));
        assertThat(both[1]).isCloseTo((float) (2 / Math.sqrt(5)), within(1e-2f));
        assertThat(table.embed(new int[] {1, 1, 1}, 0, 3)).containsExactly(0, 1);
        assertThat(table.embed(new int[] {7, 0}, 1, 2)).as("a range of ids").containsExactly(1, 0);
    }

    @Test
    void sameIdsSameUnitVectorAndUnknownIdsAreSkipped() {
        Random random = new Random(3);
        float[] rows = new float[50 * 8];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        PieceTable table = PieceTable.quantise("test", 8, rows);
        int[] ids = {3, 14, 15, 9, 26};
        float[] first = table.embed(ids, 0, ids.length);

        assertThat(table.embed(ids.clone(), 0, ids.length)).containsExactly(first);
        assertThat(norm(first)).isCloseTo(1.0, within(1e-5));
        assertThat(table.embed(new int[] {3, 14, 15, 9, 26, 50, -1}, 0, 7)).containsExactly(first);
        assertThat(table.embed(new int[] {99}, 0, 1)).as("nothing to sum: a fixed unit vector")
                .containsExactly(1, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void quantisingKeepsDirectionsAndNamesTheContent() {
        Random random = new Random(5);
        float[] rows = new float[20 * 16];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) random.nextGaussian();
        }
        PieceTable table = PieceTable.quantise("base", 16, rows);
        for (int p = 0; p < 20; p++) {
            float[] exact = new float[16];
            System.arraycopy(rows, p * 16, exact, 0, 16);
            double cosine = dot(normalised(exact), table.embed(new int[] {p}, 0, 1));
            assertThat(cosine).isGreaterThan(0.999);
        }
        assertThat(table.name()).matches("base/[0-9a-f]{8}");
        assertThat(PieceTable.quantise("base", 16, rows.clone()).name()).isEqualTo(table.name());
        rows[0] += 1;
        assertThat(PieceTable.quantise("base", 16, rows).name()).isNotEqualTo(table.name());
        assertThatThrownBy(() -> new PieceTable("x", 3, new byte[5], new float[2])).hasMessageContaining("values: 5");
    }

    @Test
    void distilKeepsTheLeadingComponentsAndWeightsRows() {
        // points spread along (1, 1, 0) with a little noise on the other axes: one component carries them
        Random random = new Random(11);
        int pieces = 200;
        float[] raw = new float[pieces * 3];
        for (int p = 0; p < pieces; p++) {
            double t = random.nextGaussian() * 3;
            raw[p * 3] = (float) (t + random.nextGaussian() * 0.01);
            raw[p * 3 + 1] = (float) (t + random.nextGaussian() * 0.01);
            raw[p * 3 + 2] = (float) (random.nextGaussian() * 0.1);
        }
        double[] weights = new double[pieces];
        java.util.Arrays.fill(weights, 1);
        weights[7] = 0;
        PieceTable table = PieceTables.distil("pca", raw, 3, weights, 2);

        assertThat(table.dimensions()).isEqualTo(2);
        assertThat(table.pieces()).isEqualTo(pieces);
        float[] row = table.embed(new int[] {0}, 0, 1);
        assertThat(Math.abs(row[0])).as("the first component dominates").isGreaterThan(0.9f);
        assertThat(table.embed(new int[] {7}, 0, 1)).as("a zero-weight piece adds nothing").containsExactly(1, 0);
        assertThat(PieceTables.sifWeights(new double[] {0, 1e-3, 1}, 1e-3)).containsExactly(1, 0.5, 1e-3 / 1.001);
    }

    @Test
    void eigenvectorsOfASymmetricMatrix() {
        double[][] matrix = {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}};
        double[][] top = PieceTables.topEigenvectors(matrix, 2);
        assertThat(Math.abs(top[0][2])).isCloseTo(1, within(1e-9));
        assertThat(Math.abs(top[1][0])).isCloseTo(Math.sqrt(0.5), within(1e-9));
        assertThat(top[1][0] * top[1][1]).isPositive();
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static float[] normalised(float[] v) {
        float[] out = v.clone();
        double n = norm(v);
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) n;
        }
        return out;
    }
}
