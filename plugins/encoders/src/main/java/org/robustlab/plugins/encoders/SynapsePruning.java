package org.robustlab.plugins.encoders;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Appendix A of the paper: units whose synapse vector has a variance above a threshold did not
 * converge and are ablated. The threshold is fixed (paper: 0.0015) or found by a two-component
 * Gaussian mixture on log variance (as the seed code does): units of the high-variance component go.
 */
final class SynapsePruning {
    /** Smallest component sd in log-variance units (a 10% spread of variances). */
    static final double MIN_SD = 0.1;

    private SynapsePruning() {
    }

    /** Variance of each row of S (population variance over its D entries). */
    static double[] rowVariances(INDArray s) {
        INDArray d = s.castTo(DataType.DOUBLE);
        return d.var(false, 1).toDoubleVector();
    }

    /** Units to ablate with a fixed threshold: variance > threshold. */
    static boolean[] fixed(double[] variance, double threshold) {
        boolean[] out = new boolean[variance.length];
        for (int i = 0; i < variance.length; i++) {
            out[i] = variance[i] > threshold;
        }
        return out;
    }

    /**
     * Units in the higher-mean component of a two-component 1-D Gaussian mixture fitted by EM to
     * log variance; none unless the mixture beats a single Gaussian by BIC (5 vs 2 parameters).
     * Component sds are floored at {@link #MIN_SD} log units so a collapsed component cannot win.
     */
    static boolean[] automatic(double[] variance) {
        int n = variance.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log(Math.max(variance[i], 1e-300));
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] mu = {sorted[n / 4], sorted[(3 * n) / 4]};
        double spread = Math.max(1e-6, sorted[n - 1] - sorted[0]);
        double[] sd = {spread / 4, spread / 4};
        double[] pi = {0.5, 0.5};
        double[] r = new double[n];
        for (int it = 0; it < 200; it++) {
            for (int i = 0; i < n; i++) {
                double a = pi[0] * pdf(x[i], mu[0], sd[0]);
                double b = pi[1] * pdf(x[i], mu[1], sd[1]);
                r[i] = a + b == 0 ? (Math.abs(x[i] - mu[1]) < Math.abs(x[i] - mu[0]) ? 1 : 0) : b / (a + b);
            }
            double w1 = 0;
            double m1 = 0;
            double m0 = 0;
            for (int i = 0; i < n; i++) {
                w1 += r[i];
                m1 += r[i] * x[i];
                m0 += (1 - r[i]) * x[i];
            }
            double w0 = n - w1;
            if (w0 < 1e-9 || w1 < 1e-9) {
                return new boolean[n];
            }
            mu[0] = m0 / w0;
            mu[1] = m1 / w1;
            double v0 = 0;
            double v1 = 0;
            for (int i = 0; i < n; i++) {
                v0 += (1 - r[i]) * (x[i] - mu[0]) * (x[i] - mu[0]);
                v1 += r[i] * (x[i] - mu[1]) * (x[i] - mu[1]);
            }
            sd[0] = Math.max(MIN_SD, Math.sqrt(v0 / w0));
            sd[1] = Math.max(MIN_SD, Math.sqrt(v1 / w1));
            pi[0] = w0 / n;
            pi[1] = w1 / n;
        }
        int high = mu[1] >= mu[0] ? 1 : 0;
        boolean[] out = new boolean[n];
        double mean = Arrays.stream(x).average().orElse(0);
        double sd1 = Math.max(MIN_SD, Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / n));
        double logL1 = 0;
        double logL2 = 0;
        for (double v : x) {
            logL1 += Math.log(pdf(v, mean, sd1));
            logL2 += Math.log(pi[0] * pdf(v, mu[0], sd[0]) + pi[1] * pdf(v, mu[1], sd[1]));
        }
        double bic1 = -2 * logL1 + 2 * Math.log(n);
        double bic2 = -2 * logL2 + 5 * Math.log(n);
        if (bic2 >= bic1) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = high == 1 ? r[i] > 0.5 : r[i] < 0.5;
        }
        return out;
    }

    /** Normal density (with its 1/sqrt(2π), so log-likelihoods of both models compare). */
    private static double pdf(double x, double mu, double sd) {
        double z = (x - mu) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }
}
