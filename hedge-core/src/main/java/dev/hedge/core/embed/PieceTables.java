package dev.hedge.core.embed;

/**
 * Builds a {@link PieceTable} from per-piece vectors of a contextual model (each piece run through the model
 * on its own): centre, project onto the top principal components (PCA), weight each row, quantise. The
 * model2vec recipe, written from its description. Thread-safe (stateless).
 */
public final class PieceTables {

    private static final int MAX_SWEEPS = 30;

    private PieceTables() {}

    /**
     * @param base table name before the content hash
     * @param raw {@code pieces × rawDimensions} vectors, row after row
     * @param weights one weight per piece (0 drops a piece)
     * @param dimensions principal components to keep ({@code ≤ rawDimensions}; equal keeps all, rotated)
     */
    public static PieceTable distil(String base, float[] raw, int rawDimensions, double[] weights, int dimensions) {
        if (rawDimensions <= 0 || raw.length != (long) weights.length * rawDimensions) {
            throw new IllegalArgumentException("raw: %d values (expected: %d pieces × %d dimensions)"
                    .formatted(raw.length, weights.length, rawDimensions));
        }
        if (dimensions <= 0 || dimensions > rawDimensions) {
            throw new IllegalArgumentException("dimensions: %s (expected: in [1, %d])".formatted(dimensions, rawDimensions));
        }
        int pieces = weights.length;
        double[] mean = new double[rawDimensions];
        for (int p = 0; p < pieces; p++) {
            for (int d = 0; d < rawDimensions; d++) {
                mean[d] += raw[p * rawDimensions + d];
            }
        }
        for (int d = 0; d < rawDimensions; d++) {
            mean[d] /= pieces;
        }
        double[][] covariance = new double[rawDimensions][rawDimensions];
        double[] centred = new double[rawDimensions];
        for (int p = 0; p < pieces; p++) {
            for (int d = 0; d < rawDimensions; d++) {
                centred[d] = raw[p * rawDimensions + d] - mean[d];
            }
            for (int i = 0; i < rawDimensions; i++) {
                double ci = centred[i];
                double[] row = covariance[i];
                for (int j = i; j < rawDimensions; j++) {
                    row[j] += ci * centred[j];
                }
            }
        }
        for (int i = 0; i < rawDimensions; i++) {
            for (int j = i; j < rawDimensions; j++) {
                covariance[i][j] /= pieces;
                covariance[j][i] = covariance[i][j];
            }
        }
        double[][] components = topEigenvectors(covariance, dimensions);
        float[] rows = new float[pieces * dimensions];
        for (int p = 0; p < pieces; p++) {
            for (int d = 0; d < rawDimensions; d++) {
                centred[d] = raw[p * rawDimensions + d] - mean[d];
            }
            for (int c = 0; c < dimensions; c++) {
                double dot = 0;
                double[] component = components[c];
                for (int d = 0; d < rawDimensions; d++) {
                    dot += component[d] * centred[d];
                }
                rows[p * dimensions + c] = (float) (weights[p] * dot);
            }
        }
        return PieceTable.quantise(base, dimensions, rows);
    }

    /**
     * SIF weights {@code a / (a + p)} for piece probabilities {@code p}: frequent pieces count little in a
     * mean, rare ones fully.
     */
    public static double[] sifWeights(double[] probabilities, double a) {
        double[] weights = new double[probabilities.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = a / (a + probabilities[i]);
        }
        return weights;
    }

    /**
     * The {@code count} eigenvectors of symmetric {@code matrix} with the largest eigenvalues, largest first
     * (cyclic Jacobi rotations; {@code matrix} is overwritten).
     */
    static double[][] topEigenvectors(double[][] matrix, int count) {
        int n = matrix.length;
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int i = 0; i < n; i++) {
                diagonal += matrix[i][i] * matrix[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += matrix[i][j] * matrix[i][j];
                }
            }
            if (off <= 1e-22 * diagonal) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = matrix[p][q];
                    if (Math.abs(apq) < 1e-300) {
                        continue;
                    }
                    double theta = (matrix[q][q] - matrix[p][p]) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = matrix[k][p];
                        double akq = matrix[k][q];
                        matrix[k][p] = c * akp - s * akq;
                        matrix[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = matrix[p][k];
                        double aqk = matrix[q][k];
                        matrix[p][k] = c * apk - s * aqk;
                        matrix[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(matrix[b][b], matrix[a][a]));
        double[][] top = new double[count][n];
        for (int c = 0; c < count; c++) {
            for (int k = 0; k < n; k++) {
                top[c][k] = vectors[k][order[c]];
            }
        }
        return top;
    }
}
