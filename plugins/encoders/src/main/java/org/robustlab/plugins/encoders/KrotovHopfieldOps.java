package org.robustlab.plugins.encoders;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Comparator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One minibatch of the Krotov–Hopfield rule (METHODS.md §2). With inputs as rows X (B×D):
 * I = X Wᵀ; per sample the largest input gets g = 1 and the k-th largest g = −Δ (ties: lower
 * unit index ranks first); xx_μ = Σ_b g_bμ I_bμ; dS = gᵀX − diag(xx) S; S += ε dS / max(max|dS|, 1e-30);
 * W = sign(S)|S|^(p−1).
 *
 * <p>{@link #denseStep} is the plain implementation (the test oracle). {@link #sparseStep} uses
 * that g has two non-zeros per sample: after the one GEMM for I it touches only the ≤ 2B rows that
 * won or came k-th, in O(B·D), and rewrites only those rows of S and W.
 */
public final class KrotovHopfieldOps {
    private KrotovHopfieldOps() {
    }

    /** Rule constants. */
    public record Rule(double p, int k, double delta) {
    }

    /** W = sign(S)|S|^(p−1), a new array. S is not modified. */
    public static INDArray effective(INDArray s, double p) {
        return Transforms.sign(s, true).muli(Transforms.pow(Transforms.abs(s, true), p - 1, false));
    }

    /**
     * Winner and k-th unit per sample: {@code ranks[b] = {winner, kth}} by descending input, ties
     * broken by the lower unit index. Plain full sort: used by the dense oracle.
     */
    static int[][] rankBySorting(INDArray input, int k) {
        int rows = (int) input.rows();
        int h = (int) input.columns();
        double[][] v = input.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[][] out = new int[rows][];
        for (int b = 0; b < rows; b++) {
            final double[] row = v[b];
            Integer[] idx = new Integer[h];
            for (int i = 0; i < h; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> -row[i]).thenComparingInt(i -> i));
            out[b] = new int[]{idx[0], idx[k - 1]};
        }
        return out;
    }

    /** The plain dense step (test oracle): modifies {@code s} and {@code w} in place. */
    public static void denseStep(INDArray s, INDArray w, INDArray x, Rule rule, double eps) {
        INDArray input = x.mmul(w.transpose());                        // B×H
        int[][] ranks = rankBySorting(input, rule.k());
        INDArray g = Nd4j.zeros(s.dataType(), input.rows(), input.columns());
        for (int b = 0; b < ranks.length; b++) {
            g.putScalar(b, ranks[b][0], 1.0);
            g.putScalar(b, ranks[b][1], -rule.delta());
        }
        INDArray xx = g.mul(input).sum(0);                             // H
        INDArray ds = g.transpose().mmul(x).subi(s.mulColumnVector(xx.reshape(xx.length(), 1)));
        double nc = Math.max(Transforms.abs(ds, true).maxNumber().doubleValue(), 1e-30);
        s.addi(ds.muli(eps / nc));
        w.assign(effective(s, rule.p()));
    }

    /**
     * The fast step: one GEMM, then O(B·D) work on the rows that changed. Same result as
     * {@link #denseStep} up to summation order. {@code s}, {@code w}: H×D, C-ordered, same
     * type (modified); {@code x}: B×D (not modified).
     */
    public static void sparseStep(INDArray s, INDArray w, INDArray x, Rule rule, double eps) {
        int b = (int) x.rows();
        int d = (int) x.columns();
        int h = (int) s.rows();
        double[] input = x.mmul(w.transpose()).castTo(DataType.DOUBLE).data().asDouble();
        double[] xs = x.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        int[] slot = new int[h];
        Arrays.fill(slot, -1);
        int[] rows = new int[Math.min(h, 2 * b)];
        int active = 0;
        double[] xx = new double[Math.min(h, 2 * b)];
        double[] gx = new double[Math.min(h, 2 * b) * d];
        int[] top = new int[rule.k()];
        for (int i = 0; i < b; i++) {
            topK(input, i * h, h, top);
            int[] units = {top[0], top[rule.k() - 1]};
            double[] gains = {1.0, -rule.delta()};
            for (int j = 0; j < 2; j++) {
                int mu = units[j];
                if (slot[mu] < 0) {
                    slot[mu] = active;
                    rows[active++] = mu;
                }
                int r = slot[mu];
                double g = gains[j];
                xx[r] += g * input[i * h + mu];
                int xo = i * d;
                int go = r * d;
                for (int c = 0; c < d; c++) {
                    gx[go + c] += g * xs[xo + c];
                }
            }
        }
        RowAccess sa = RowAccess.of(s);
        RowAccess wa = RowAccess.of(w);
        double max = 0;
        for (int r = 0; r < active; r++) {
            int mu = rows[r];
            int go = r * d;
            for (int c = 0; c < d; c++) {
                double ds = gx[go + c] - xx[r] * sa.get(mu * d + c);
                gx[go + c] = ds;
                max = Math.max(max, Math.abs(ds));
            }
        }
        double scale = eps / Math.max(max, 1e-30);
        double p1 = rule.p() - 1;
        for (int r = 0; r < active; r++) {
            int mu = rows[r];
            int go = r * d;
            for (int c = 0; c < d; c++) {
                int at = mu * d + c;
                double v = sa.get(at) + scale * gx[go + c];
                sa.set(at, v);
                wa.set(at, power(v, p1));
            }
        }
    }

    /** sign(v)|v|^e, with the common exponents done without Math.pow. */
    static double power(double v, double e) {
        if (e == 2) {
            return v * Math.abs(v);
        }
        if (e == 1) {
            return v;
        }
        return Math.signum(v) * Math.pow(Math.abs(v), e);
    }

    /**
     * Indices of the k largest of {@code v[off..off+n)}, descending, ties to the lower index:
     * an insertion list of length k, O(n·k).
     */
    static void topK(double[] v, int off, int n, int[] out) {
        int k = out.length;
        int filled = 0;
        for (int i = 0; i < n; i++) {
            double x = v[off + i];
            if (filled == k && !(x > v[off + out[k - 1]])) {
                continue; // not strictly larger than the current k-th: an equal later index ranks after it
            }
            int pos = Math.min(filled, k - 1);
            while (pos > 0 && x > v[off + out[pos - 1]]) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = i;
            if (filled < k) {
                filled++;
            }
        }
    }

    /** Direct element access to a C-ordered ND4J buffer (no copies), float or double. */
    interface RowAccess {
        double get(int i);

        void set(int i, double v);

        static RowAccess of(INDArray a) {
            if (a.ordering() != 'c' || a.offset() != 0 || a.isView()) {
                throw new IllegalArgumentException("KH state must be a C-ordered array that is not a view");
            }
            if (a.dataType() == DataType.DOUBLE) {
                DoubleBuffer buf = a.data().asNioDouble();
                return new RowAccess() {
                    public double get(int i) {
                        return buf.get(i);
                    }

                    public void set(int i, double v) {
                        buf.put(i, v);
                    }
                };
            }
            if (a.dataType() == DataType.FLOAT) {
                FloatBuffer buf = a.data().asNioFloat();
                return new RowAccess() {
                    public double get(int i) {
                        return buf.get(i);
                    }

                    public void set(int i, double v) {
                        buf.put(i, (float) v);
                    }
                };
            }
            throw new IllegalArgumentException("KH state must be float32 or float64, not " + a.dataType());
        }
    }
}
