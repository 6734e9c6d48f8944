package org.robustlab.numerics;

/**
 * Softmax cross-entropy of rows of logits in one pass over a float64 copy: per-row loss −log softmax(z)_y (via the
 * row maximum, so large logits do not overflow), the arg-max (first on ties) and, when asked, ∂loss/∂z = softmax −
 * onehot. Training steps and attacks share it; ten classes make one pass in Java cheaper than a chain of ND4J ops.
 */
public final class CrossEntropy {
    private CrossEntropy() {
    }

    /**
     * @param z        logits, rows × classes, row-major (not modified)
     * @param labels   one label per row
     * @param loss     out: per-row loss (length rows)
     * @param argMax   out: per-row index of the largest logit, or null
     * @param gradient out: softmax − onehot (length rows × classes), or null
     */
    public static void rows(double[] z, int classes, int[] labels, double[] loss, int[] argMax, double[] gradient) {
        int rows = labels.length;
        if (z.length < (long) rows * classes) {
            throw new IllegalArgumentException(z.length + " logits for " + rows + " rows of " + classes);
        }
        for (int i = 0; i < rows; i++) {
            int o = i * classes;
            int best = 0;
            for (int j = 1; j < classes; j++) {
                best = z[o + j] > z[o + best] ? j : best;
            }
            double max = z[o + best];
            double sum = 0;
            for (int j = 0; j < classes; j++) {
                double e = Math.exp(z[o + j] - max);
                if (gradient != null) {
                    gradient[o + j] = e;
                }
                sum += e;
            }
            if (gradient != null) {
                for (int j = 0; j < classes; j++) {
                    gradient[o + j] /= sum;
                }
                gradient[o + labels[i]] -= 1;
            }
            loss[i] = Math.log(sum) + max - z[o + labels[i]];
            if (argMax != null) {
                argMax[i] = best;
            }
        }
    }
}
