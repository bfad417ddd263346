package dev.hedge.core.router;

import java.util.Arrays;

/**
 * A logistic regression over a standardised input vector ({@link PromptFeatures}): {@code p = σ(w · (x − mean) / scale + bias)}. Immutable; {@link #step} returns
 * an updated copy (online SGD).
 */
public final class LogisticHead {

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;

    public LogisticHead(double[] mean, double[] scale, double[] weights, double bias) {
        if (mean.length != weights.length || scale.length != weights.length) {
            throw new IllegalArgumentException("mean: %d, scale: %d, weights: %d (expected: equal lengths)"
                    .formatted(mean.length, scale.length, weights.length));
        }
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /** Input length. */
    public int inputs() {
        return weights.length;
    }

    /** p in (0, 1) for raw input {@code x}. */
    public double score(double[] x) {
        return sigmoid(logit(x));
    }

    private double logit(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (x[i] - mean[i]) / scale[i];
        }
        return z;
    }

    /** One SGD step on the log loss toward {@code target} with learning rate {@code rate} and L2 {@code l2}. */
    public LogisticHead step(double[] x, double target, double rate, double l2) {
        double error = sigmoid(logit(x)) - target;
        double[] updated = Arrays.copyOf(weights, weights.length);
        for (int i = 0; i < updated.length; i++) {
            updated[i] -= rate * (error * (x[i] - mean[i]) / scale[i] + l2 * updated[i]);
        }
        return new LogisticHead(mean, scale, updated, bias - rate * error);
    }

    /**
     * Fits a head by full-batch Adam on the weighted log loss with L2 penalty {@code l2}.
     *
     * @param inputs one raw input row per item
     * @param targets soft labels in [0, 1]
     */
    public static LogisticHead fit(double[][] inputs, double[] targets, double l2, int epochs) {
        int n = inputs.length;
        int d = inputs[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : inputs) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : inputs) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j]) + 1e-6;
        }
        double[][] standard = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                standard[i][j] = (inputs[i][j] - mean[j]) / scale[j];
            }
        }
        double[] w = new double[d];
        double b = 0;
        double[] m = new double[d + 1];
        double[] v = new double[d + 1];
        double[] gradient = new double[d + 1];
        double rate = 0.01;
        for (int t = 1; t <= epochs; t++) {
            Arrays.fill(gradient, 0);
            for (int i = 0; i < n; i++) {
                double z = b;
                double[] row = standard[i];
                for (int j = 0; j < d; j++) {
                    z += w[j] * row[j];
                }
                double error = (sigmoid(z) - targets[i]) / n;
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * row[j];
                }
                gradient[d] += error;
            }
            for (int j = 0; j < d; j++) {
                gradient[j] += l2 * w[j];
            }
            double correction1 = 1 - Math.pow(0.9, t);
            double correction2 = 1 - Math.pow(0.999, t);
            for (int j = 0; j <= d; j++) {
                m[j] = 0.9 * m[j] + 0.1 * gradient[j];
                v[j] = 0.999 * v[j] + 0.001 * gradient[j] * gradient[j];
                double delta = rate * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + 1e-8);
                if (j < d) {
                    w[j] -= delta;
                } else {
                    b -= delta;
                }
            }
        }
        return new LogisticHead(mean, scale, w, b);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    double[] mean() {
        return mean;
    }

    double[] scale() {
        return scale;
    }

    double[] weights() {
        return weights;
    }

    double bias() {
        return bias;
    }
}
