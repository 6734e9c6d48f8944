package org.robustlab.plugins.analyzers;

import java.util.Arrays;
import java.util.Random;
import org.robustlab.api.Quantiles;

/** Nonparametric bootstrap over test images: multiplicities of resamples, percentile intervals. */
final class Bootstrap {
    private Bootstrap() {
    }

    /** {@code resamples} draws of n test images with replacement, as multiplicities per image (seeded). */
    static int[][] counts(int n, int resamples, Random rng) {
        int[][] out = new int[resamples][n];
        for (int r = 0; r < resamples; r++) {
            for (int i : org.robustlab.numerics.Sampling.resample(n, rng)) { // the same draws, counted
                out[r][i]++;
            }
        }
        return out;
    }

    /**
     * The percentile interval [q(α/2), q(1 − α/2)] of the finite values (linear interpolation between order
     * statistics, numpy's default); {NaN, NaN} when fewer than two are finite. Infinite values count at their end.
     */
    static double[] percentile(double[] values, double level) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length < 2) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double alpha = 1 - level;
        return new double[]{Quantiles.ofSorted(v, alpha / 2), Quantiles.ofSorted(v, 1 - alpha / 2)};
    }
}
