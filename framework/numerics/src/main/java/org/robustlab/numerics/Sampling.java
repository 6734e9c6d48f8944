package org.robustlab.numerics;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded index sampling shared by encoders, attacks and analyzers, so that every plugin draws the same way from a
 * generator: the draw order is part of each result's reproducibility and must not change.
 */
public final class Sampling {
    private Sampling() {
    }

    /** A uniformly random permutation of 0..n−1 (Fisher–Yates from the end: j = rng.nextInt(i + 1) for i = n−1..1). */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * {@code k} distinct indices of 0..n−1 chosen uniformly (partial Fisher–Yates from the front: j = i +
     * rng.nextInt(n − i) for i = 0..k−1), in ascending order.
     */
    public static int[] subset(int n, int k, Random rng) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] pick = Arrays.copyOf(all, k);
        Arrays.sort(pick);
        return pick;
    }

    /** A bootstrap resample: n indices of 0..n−1 drawn with replacement (rng.nextInt(n), in order). */
    public static int[] resample(int n, Random rng) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = rng.nextInt(n);
        }
        return idx;
    }
}
