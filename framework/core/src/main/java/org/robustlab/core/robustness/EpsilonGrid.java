package org.robustlab.core.robustness;

import org.robustlab.api.RobustlabException;

/** Log-spaced ε grids; which grid an attack asks for is {@link SweepSettings}. */
public final class EpsilonGrid {
    private EpsilonGrid() {
    }

    /** Log-spaced values from {@code lo} to {@code hi} inclusive. */
    public static double[] logspace(double lo, double hi, int count) {
        if (!(lo > 0 && hi > lo && count >= 2)) {
            throw new RobustlabException("ε grid needs 0 < epsMin < epsMax and epsCount >= 2 (got " + lo + ", " + hi + ", " + count + ")");
        }
        double[] v = new double[count];
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        for (int i = 0; i < count; i++) {
            v[i] = Math.pow(10, a + (b - a) * i / (count - 1));
        }
        return v;
    }
}
