package org.robustlab.plugins.attacks;

/**
 * The per-row arithmetic of the fused PGD step ({@link Steps#fusedStep}) and the fused Auto-PGD step
 * ({@link ApgdSteps#momentumStep}) on one image's float64 row: the step along sign(g) or g/‖g‖₂, and the projection
 * onto the ε-ball followed by the box clip. Kept in one place so both attacks make the same float64 operations in the
 * same order as their plain ND4J expressions.
 */
final class RowSteps {
    private RowSteps() {
    }

    /**
     * {@code out} ← {@code from} + step·d with d = sign(g) for L∞ or g/‖g‖₂ for L2 (0 where g is 0, so a flat image
     * is not moved). {@code out} may be {@code from}.
     */
    static void step(double[] out, double[] from, double[] g, double step, boolean inf) {
        if (inf) {
            for (int j = 0; j < out.length; j++) {
                out[j] = from[j] + sign(g[j]) * step;
            }
        } else {
            double gn = norm2(g);
            double unit = gn > 0 ? 1 : 0;
            double safe = Math.max(gn, 1e-300);
            for (int j = 0; j < out.length; j++) {
                out[j] = from[j] + g[j] / safe * unit * step;
            }
        }
    }

    /**
     * {@link Math#signum} (±1, ±0 for ±0, NaN for NaN: the same bits) as two products and a clamp, which the JIT
     * vectorises and signum it does not: any nonzero g, even the smallest subnormal (2^−1074), times 2^2000 is at least
     * 1 in magnitude or overflows to ±∞. The L∞ step's loop ran 2–3× faster with it.
     */
    static double sign(double g) {
        return Math.min(Math.max(g * 0x1p1000 * 0x1p1000, -1.0), 1.0);
    }

    /**
     * v ← clip(x0 + Π_e(v − x0)) in place: the clamp to [−e, e] for L∞, the rescale to ‖δ‖₂ ≤ e for L2, then the
     * clip to [lo, hi] (an infinite bound is no clip). {@code delta} is scratch of v's length (L2 only).
     */
    static void project(double[] v, double[] x0, double e, boolean inf, double lo, double hi, double[] delta) {
        if (inf) {
            for (int j = 0; j < v.length; j++) {
                v[j] = x0[j] + Math.min(Math.max(v[j] - x0[j], -e), e);
            }
        } else {
            for (int j = 0; j < v.length; j++) {
                delta[j] = v[j] - x0[j];
            }
            double dn = norm2(delta);
            double scale = dn > 0 ? Math.min(e / dn, 1.0) : 1.0;
            for (int j = 0; j < v.length; j++) {
                v[j] = x0[j] + delta[j] * scale;
            }
        }
        if (!Double.isInfinite(lo)) {
            for (int j = 0; j < v.length; j++) {
                v[j] = Math.max(v[j], lo);
            }
        }
        if (!Double.isInfinite(hi)) {
            for (int j = 0; j < v.length; j++) {
                v[j] = Math.min(v[j], hi);
            }
        }
    }

    private static double norm2(double[] v) {
        double sum = 0;
        for (double e : v) {
            sum += e * e;
        }
        return Math.sqrt(sum);
    }
}
