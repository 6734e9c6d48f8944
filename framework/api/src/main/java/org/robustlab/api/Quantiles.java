package org.robustlab.api;

import java.util.Arrays;

/** Quantiles by linear interpolation between order statistics (NumPy's default), for host and plugins alike. */
public final class Quantiles {
    private Quantiles() {
    }

    /** The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending. */
    public static double ofSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        if (pos == lo || sorted[lo] == sorted[hi]) {
            return sorted[lo]; // also when they are infinite: ∞ − ∞ would make the result NaN
        }
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The median of unsorted values (NaN when empty); {@code values} is not modified. */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return ofSorted(v, 0.5);
    }
}
