package org.robustlab.plugins.encoders;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.numerics.RowPasses;

/**
 * Fused row-wise passes of the hidden-layer family that write into arrays the caller keeps across
 * batches. The plain ND4J expressions ({@link HiddenLayerOps}, {@link Preprocess}) allocate a
 * batch-sized temporary per operation; on a VM where a first touch of fresh memory costs ~15 µs per
 * 4 KB page (measured: a new 8 MB array ≈ 26 ms, a 1000×3072 float32 GEMM ≈ 67 ms) those
 * allocations, not the arithmetic, made a training step 2.6× its two GEMMs. Each kernel is one pass
 * over the batch, rows split over the cores, computed in float64 and rounded once for float32
 * arrays ({@link RowPasses}); {@code FusedHiddenLayerPathTest} compares each with its plain twin.
 *
 * <p>All arrays: C-ordered, not views, float32 or float64, rows × columns as stated. Only arrays
 * named "modified" or "out" are written.
 */
final class HiddenLayerKernels {
    private HiddenLayerKernels() {
    }

    /** out = ReLU(h)^n (B×H, out may be h itself; modified). */
    static void activate(INDArray h, double n, INDArray out) {
        rows(h, 1, (row, s) -> {
            double[] v = s.d[0];
            s.get(h, row, v);
            // separate loops per case: a test on n inside the element loop kept it from compiling tightly (10×)
            if (n == 1.0) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.max(v[j], 0.0); // branch-free (a branch mispredicts on half the units); NaN stays NaN
                }
            } else {
                for (int j = 0; j < v.length; j++) {
                    v[j] = Math.pow(Math.max(v[j], 0.0), n);
                }
            }
            s.put(out, row, v);
        });
    }

    /**
     * d ⊙= σ'(h) = n·ReLU(h)^(n−1)·1[h > 0] (d: B×H, modified; h and hHat = ReLU(h)^n: B×H). For n ≠ 1 the power comes
     * from the forward pass's ĥ as n·ĥ/h (one division where {@code Math.pow} costs ~20 ns per unit; relative
     * difference at the rounding of ĥ).
     */
    static void multiplyActivationDerivative(INDArray d, INDArray h, INDArray hHat, double n) {
        rows(h, 3, (row, s) -> {
            double[] dv = s.d[0];
            double[] hv = s.d[1];
            s.get(d, row, dv);
            s.get(h, row, hv);
            if (n == 1.0) {
                for (int j = 0; j < dv.length; j++) {
                    dv[j] *= positive(hv[j]);
                }
            } else {
                double[] av = s.d[2];
                s.get(hHat, row, av);
                for (int j = 0; j < dv.length; j++) {
                    // branch-free: for h ≤ 0, ĥ = 0 and the floor on the divisor keeps 0/0 out
                    dv[j] *= n * av[j] / Math.max(hv[j], Double.MIN_VALUE) * positive(hv[j]);
                }
            }
            s.put(d, row, dv);
        });
    }

    /**
     * 1[h > 0] as 1.0 or 0.0 without a branch (a branch mispredicts on half the units and made the pass 8× slower):
     * the raw bits are a positive long exactly when h is positive (not ±0; a NaN with its sign bit clear counts
     * as positive, where the comparison says false).
     */
    static double positive(double h) {
        long bits = Double.doubleToRawLongBits(h);
        return ((-bits) & ~bits) >>> 63;
    }

    /** out = a − b (B×H each; out modified, b may have another float type); returns ‖a_i − b_i‖₂ per row. */
    static double[] difference(INDArray a, INDArray b, INDArray out) {
        double[] norms = new double[(int) a.rows()];
        rows(a, 2, (row, s) -> {
            double[] av = s.d[0];
            double[] bv = s.d[1];
            s.get(a, row, av);
            s.get(b, row, bv);
            double sum = 0;
            for (int j = 0; j < av.length; j++) {
                av[j] -= bv[j];
                sum += av[j] * av[j];
            }
            norms[row] = Math.sqrt(sum);
            s.put(out, row, av);
        });
        return norms;
    }

    /** out = x / max(‖x‖_p, {@link Preprocess#MIN_NORM}) per row (B×D; modified); returns the norms used. */
    static double[] lpNormalize(INDArray x, double p, INDArray out) {
        double[] norms = new double[(int) x.rows()];
        rows(x, 1, (row, s) -> {
            double[] v = s.d[0];
            s.get(x, row, v);
            double norm = Math.max(Math.pow(sumAbsPow(v, p), 1 / p), Preprocess.MIN_NORM);
            norms[row] = norm;
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
            s.put(out, row, v);
        });
        return norms;
    }

    /**
     * Back through the L_p normalisation: out = (g − (g·y) q) / N with y = x/N and q = N^(1−p) |x|^(p−1) sign(x)
     * ({@link Preprocess#backward}); g, x, out B×D, {@code norms} from {@link #lpNormalize}. out may be g.
     */
    static void lpBackward(INDArray g, INDArray x, double p, double[] norms, INDArray out) {
        rows(x, 2, (row, s) -> {
            double[] gv = s.d[0];
            double[] xv = s.d[1];
            s.get(g, row, gv);
            s.get(x, row, xv);
            double norm = norms[row];
            double scale = Math.pow(norm, 1 - p) * (dot(gv, xv) / norm);
            if (p == 3) { // |x|^2 sign(x) = x|x|: no branch or signum per element, so the loop vectorises
                for (int j = 0; j < gv.length; j++) {
                    gv[j] = (gv[j] - xv[j] * Math.abs(xv[j]) * scale) / norm;
                }
            } else {
                for (int j = 0; j < gv.length; j++) {
                    double q = absPow(xv[j], p - 1) * Math.signum(xv[j]);
                    gv[j] = (gv[j] - q * scale) / norm;
                }
            }
            s.put(out, row, gv);
        });
    }

    /**
     * Σ |v_j|^p with four running sums (one running sum waits on the adder's latency at every element; the L3 norm of a
     * 3,072-pixel row took as long as the rest of the normalisation).
     */
    static double sumAbsPow(double[] v, double p) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        int end = v.length & ~3;
        if (p == 3) {
            for (; j < end; j += 4) {
                double a0 = Math.abs(v[j]);
                double a1 = Math.abs(v[j + 1]);
                double a2 = Math.abs(v[j + 2]);
                double a3 = Math.abs(v[j + 3]);
                s0 += a0 * a0 * a0;
                s1 += a1 * a1 * a1;
                s2 += a2 * a2 * a2;
                s3 += a3 * a3 * a3;
            }
        } else {
            for (; j < end; j += 4) {
                s0 += absPow(v[j], p);
                s1 += absPow(v[j + 1], p);
                s2 += absPow(v[j + 2], p);
                s3 += absPow(v[j + 3], p);
            }
        }
        for (; j < v.length; j++) {
            s0 += absPow(v[j], p);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** x·y with four running sums (see {@link #sumAbsPow}). */
    static double dot(double[] x, double[] y) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (int end = x.length & ~3; j < end; j += 4) {
            s0 += x[j] * y[j];
            s1 += x[j + 1] * y[j + 1];
            s2 += x[j + 2] * y[j + 2];
            s3 += x[j + 3] * y[j + 3];
        }
        for (; j < x.length; j++) {
            s0 += x[j] * y[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** |e|^p, by multiplication for the exponents the studies use (2, 3; Math.pow is ~20× slower). */
    static double absPow(double e, double p) {
        double a = Math.abs(e);
        if (p == 1) {
            return a;
        }
        if (p == 2) {
            return a * a;
        }
        if (p == 3) {
            return a * a * a;
        }
        return Math.pow(a, p);
    }

    private static void rows(INDArray shapeOf, int k, RowPasses.RowBody body) {
        RowPasses.forEachRow(shapeOf, k, body);
    }
}
