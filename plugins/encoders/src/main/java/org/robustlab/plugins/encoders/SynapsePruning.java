package org.robustlab.plugins.encoders;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Appendix A of the paper: units whose synapse vector has a variance above a threshold did not
 * converge and are ablated. The threshold is fixed (paper: 0.0015), found by the seed code's
 * {@code StatisticGardener} ({@link #seed}), or by a two-component Gaussian mixture on all log variances
 * ({@link #automatic}; robustlab's own rule, which on a well-trained 2000-unit CIFAR layer split the bulk of converged
 * units and pruned 89% of them, see docs/known-issues.md).
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

    /** Heuristic initial means of the seed's mixture components, in log variance (LocalLearning.py, StatisticGardener). */
    static final double[] SEED_MEANS = {-7.1, -8.5, -6.5, -6.0};

    /**
     * The result of the seed code's rule.
     *
     * @param ablated     per unit, pruned
     * @param components  Gaussian components selected (1: nothing pruned)
     * @param cutoff      the variance at and above which units are pruned (NaN when none)
     */
    record SeedResult(boolean[] ablated, int components, double cutoff) {
    }

    /**
     * The seed code's {@code StatisticGardener.prune} (src/LocalLearning/LocalLearning.py): log variances clipped to
     * (−9, −3) (the range of converged units; never-trained units near log 1 = 0 are left out of the fit), then 1-D
     * Gaussian mixtures with 2, 3, 4 components started at {@link #SEED_MEANS} are accepted one after the other while
     * the likelihood-ratio test against the previous model has p &lt; 0.01 (χ² with 3 degrees of freedom). The cutoff
     * is the log-space midpoint between the two highest means, taken, as the seed code does, from the last mixture
     * fitted (the first one rejected, unless four components were accepted); every unit with variance ≥ e^cutoff goes,
     * including the never-trained ones outside the fit range. Differences from scikit-learn's GaussianMixture: EM
     * initialises weights and variances from a deterministic k-means (Lloyd's from quantiles) instead of k-means++ with
     * random_state 0, then, as scikit-learn, replaces the means by the initial means and stops when the mean
     * log-likelihood changes by less than 1e-3.
     */
    static SeedResult seed(double[] variance) {
        int n = variance.length;
        double[] all = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = Math.log(Math.max(variance[i], 1e-300));
        }
        double[] x = Arrays.stream(all).filter(v -> v < -3.0 && v > -9.0).toArray();
        if (x.length < 10) {
            return new SeedResult(new boolean[n], 1, Double.NaN);
        }
        double mean = Arrays.stream(x).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(x).map(v -> (v - mean) * (v - mean)).sum() / x.length);
        double logL = 0;
        for (double v : x) {
            logL += Math.log(pdf(v, mean, sd));
        }
        int components = 1;
        double[] lastMeans = null;
        while (components < SEED_MEANS.length) {
            int c = components + 1;
            Mixture m = fitMixture(x, Arrays.copyOf(SEED_MEANS, c));
            lastMeans = m.means;
            double lr = -2 * (logL - m.logLikelihood);
            if (chiSquare3Survival(lr) < 0.01) {
                components = c;
                logL = m.logLikelihood;
            } else {
                break;
            }
        }
        if (components == 1) {
            return new SeedResult(new boolean[n], 1, Double.NaN);
        }
        double[] sorted = lastMeans.clone();
        Arrays.sort(sorted);
        double top = sorted[sorted.length - 1];
        double cutoff = top - Math.abs(top - sorted[sorted.length - 2]) / 2;
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = all[i] >= cutoff;
        }
        return new SeedResult(out, components, Math.exp(cutoff));
    }

    private record Mixture(double[] means, double logLikelihood) {
    }

    /** 1-D Gaussian mixture by EM from the given means (scikit-learn's reg_covar 1e-6 added to each variance). */
    static Mixture fitMixture(double[] x, double[] init) {
        int c = init.length;
        int n = x.length;
        // scikit-learn's initialisation: weights and variances from a k-means clustering, means replaced by means_init
        int[] label = kMeans1d(x, c);
        double[] mu = init.clone();
        double[] var = new double[c];
        double[] w = new double[c];
        for (int k = 0; k < c; k++) {
            double cnt = 0;
            double m = 0;
            for (int i = 0; i < n; i++) {
                if (label[i] == k) {
                    cnt++;
                    m += x[i];
                }
            }
            m = cnt > 0 ? m / cnt : 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                if (label[i] == k) {
                    v += (x[i] - m) * (x[i] - m);
                }
            }
            cnt += 10 * Math.ulp(1.0); // scikit-learn's guard against empty clusters
            var[k] = v / cnt + 1e-6;
            w[k] = cnt / n;
        }
        double previous = Double.NEGATIVE_INFINITY;
        double logL = 0;
        double[][] r = new double[n][c];
        for (int it = 0; it < 2000; it++) {
            logL = 0;
            for (int i = 0; i < n; i++) {
                double total = 0;
                for (int k = 0; k < c; k++) {
                    r[i][k] = w[k] * pdf(x[i], mu[k], Math.sqrt(var[k]));
                    total += r[i][k];
                }
                total = Math.max(total, 1e-300);
                logL += Math.log(total);
                for (int k = 0; k < c; k++) {
                    r[i][k] /= total;
                }
            }
            if (Math.abs(logL / n - previous / n) < 1e-3) {
                break;
            }
            previous = logL;
            for (int k = 0; k < c; k++) {
                double nk = 1e-10;
                double m = 0;
                for (int i = 0; i < n; i++) {
                    nk += r[i][k];
                    m += r[i][k] * x[i];
                }
                m /= nk;
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += r[i][k] * (x[i] - m) * (x[i] - m);
                }
                mu[k] = m;
                var[k] = v / nk + 1e-6;
                w[k] = nk / n;
            }
        }
        return new Mixture(mu, logL);
    }

    /** Lloyd's k-means in one dimension from centres at the (k + ½)/c quantiles; the cluster of each point. */
    static int[] kMeans1d(double[] x, int c) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] centre = new double[c];
        for (int k = 0; k < c; k++) {
            centre[k] = sorted[(int) ((k + 0.5) / c * (sorted.length - 1))];
        }
        int[] label = new int[x.length];
        for (int it = 0; it < 300; it++) {
            boolean moved = false;
            for (int i = 0; i < x.length; i++) {
                int best = 0;
                for (int k = 1; k < c; k++) {
                    if (Math.abs(x[i] - centre[k]) < Math.abs(x[i] - centre[best])) {
                        best = k;
                    }
                }
                moved |= label[i] != best;
                label[i] = best;
            }
            for (int k = 0; k < c; k++) {
                double sum = 0;
                int cnt = 0;
                for (int i = 0; i < x.length; i++) {
                    if (label[i] == k) {
                        sum += x[i];
                        cnt++;
                    }
                }
                if (cnt > 0) {
                    centre[k] = sum / cnt;
                }
            }
            if (!moved && it > 0) {
                break;
            }
        }
        return label;
    }

    /** P(χ²₃ > x): erfc(√(x/2)) + √(2x/π)·e^(−x/2). */
    static double chiSquare3Survival(double x) {
        if (!(x > 0)) {
            return 1;
        }
        return erfc(Math.sqrt(x / 2)) + Math.sqrt(2 * x / Math.PI) * Math.exp(-x / 2);
    }

    /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
    static double erfc(double z) {
        double t = 1 / (1 + 0.5 * Math.abs(z));
        double y = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return z >= 0 ? y : 2 - y;
    }

    /** Normal density (with its 1/sqrt(2π), so log-likelihoods of both models compare). */
    private static double pdf(double x, double mu, double sd) {
        double z = (x - mu) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }
}
