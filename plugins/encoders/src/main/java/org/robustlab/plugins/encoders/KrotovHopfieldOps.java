package org.robustlab.plugins.encoders;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One minibatch of the Krotov–Hopfield rule (docs/methods.md §2). With inputs as rows X (B×D):
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

    /**
     * W = sign(S)|S|^(p−1), a new C-ordered array. S is not modified. Element by element with {@link #power}, the
     * function the fast step rewrites changed rows with, so W is the same bits whether it was updated row by row
     * during training or computed afresh from saved synapses (a resumed run must end bit-identical); ND4J's pow
     * differed from it in the last bit.
     */
    public static INDArray effective(INDArray s, double p) {
        INDArray c = s.dup('c');
        double e = p - 1;
        if (c.dataType() == DataType.FLOAT) {
            float[] v = c.data().asFloat();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) power(v[i], e);
            }
            return Nd4j.create(v, c.shape(), DataType.FLOAT);
        }
        double[] v = c.castTo(DataType.DOUBLE).data().asDouble();
        for (int i = 0; i < v.length; i++) {
            v[i] = power(v[i], e);
        }
        return Nd4j.create(v, c.shape(), DataType.DOUBLE).castTo(c.dataType());
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
        sparseStep(s, w, x, rule, eps, null);
    }

    /**
     * As {@link #sparseStep(INDArray, INDArray, INDArray, Rule, double)}, with buffers from
     * {@code ws} when it fits this batch (else fresh ones).
     */
    public static void sparseStep(INDArray s, INDArray w, INDArray x, Rule rule, double eps, Workspace ws) {
        int b = (int) x.rows();
        int d = (int) x.columns();
        int h = (int) s.rows();
        Bulk.checkState(s); // rows of S and W are read and written through their NIO buffers below
        Bulk.checkState(w);
        if (s.dataType() != x.dataType() || w.dataType() != x.dataType()) {
            throw new IllegalArgumentException("KH state and batch must share one type: S " + s.dataType() + ", W " + w.dataType()
                    + ", X " + x.dataType());
        }
        Workspace buf = ws != null && ws.fits(b, h, d, x.dataType()) ? ws : new Workspace(b, h, d, x.dataType());
        Nd4j.gemm(x, w, buf.input, false, true, 1.0, 0.0);
        Object xs = Bulk.toPrimitive(x, buf.xValues); // float[] or double[]: no widened copy of the batch
        // 1. winner and k-th unit of every sample, read row by row from the GEMM output (no copy of all
        //    of I: xx only needs I at those two units). Independent per sample: parallel.
        int[] winner = new int[b];
        int[] kth = new int[b];
        double[] inputWinner = new double[b];
        double[] inputKth = new double[b];
        boolean single = x.dataType() == DataType.FLOAT;
        // one NIO view per array and batch; absolute bulk gets and puts leave its position alone, so
        // the parallel loops share it (a view per row cost a wrapper object and a JNI call each)
        FloatBuffer inputF = single ? buf.input.data().asNioFloat() : null;
        IntStream.range(0, b).parallel().forEach(i -> {
            Scratch sc = Scratch.get(d, h, rule.k());
            if (single) { // rank the float32 values as they are: no widening pass
                inputF.get(i * h, sc.inputFloats, 0, h);
                topK(sc.inputFloats, h, sc.top);
                inputWinner[i] = sc.inputFloats[sc.top[0]];
                inputKth[i] = sc.inputFloats[sc.top[rule.k() - 1]];
            } else {
                buf.input.data().asNioDouble().get(i * h, sc.inputRow, 0, h);
                topK(sc.inputRow, 0, h, sc.top);
                inputWinner[i] = sc.inputRow[sc.top[0]];
                inputKth[i] = sc.inputRow[sc.top[rule.k() - 1]];
            }
            winner[i] = sc.top[0];
            kth[i] = sc.top[rule.k() - 1];
        });
        // 2. the rows that change and, per row, the samples that touch it (CSR, sequential O(B))
        int[] slot = new int[h];
        Arrays.fill(slot, -1);
        int[] rows = new int[Math.min(h, 2 * b)];
        int[] count = new int[rows.length];
        int active = 0;
        for (int i = 0; i < b; i++) {
            for (int mu : new int[]{winner[i], kth[i]}) {
                if (slot[mu] < 0) {
                    slot[mu] = active;
                    rows[active++] = mu;
                }
                count[slot[mu]]++;
            }
        }
        int[] start = new int[active + 1];
        for (int r = 0; r < active; r++) {
            start[r + 1] = start[r] + count[r];
        }
        int[] sample = new int[2 * b];
        double[] gain = new double[2 * b];
        double[] input = new double[2 * b];
        int[] fill = start.clone();
        for (int i = 0; i < b; i++) {
            int t = fill[slot[winner[i]]]++;
            sample[t] = i;
            gain[t] = 1.0;
            input[t] = inputWinner[i];
            t = fill[slot[kth[i]]]++;
            sample[t] = i;
            gain[t] = -rule.delta();
            input[t] = inputKth[i];
        }
        // 3. per changed row: xx_μ, dS_μ = Σ g x − xx_μ s_μ (kept in the workspace's row buffers) and max|dS_μ|;
        // 4. S += ε dS / nc and W = sign(S)|S|^(p−1) on the changed rows only. Parallel over rows.
        if (xs instanceof float[] f) {
            updateRowsFloat(s, w, f, rows, active, start, sample, gain, input, rule, eps, buf);
        } else {
            updateRowsDouble(s, w, (double[]) xs, rows, active, start, sample, gain, input, rule, eps, buf);
        }
    }

    /** Steps 3 and 4 for float32 state: summed, scaled and raised in float32 as the dense oracle's float32 ops do. */
    private static void updateRowsFloat(INDArray s, INDArray w, float[] x, int[] rows, int n, int[] start, int[] sample,
                                        double[] gain, double[] input, Rule rule, double eps, Workspace buf) {
        int d = (int) s.columns();
        int h = (int) s.rows();
        FloatBuffer sF = s.data().asNioFloat();
        FloatBuffer wF = w.data().asNioFloat();
        float[][] ds = buf.floatRowBuffers(n);
        double[] rowMax = new double[n];
        IntStream.range(0, n).parallel().forEach(r -> {
            Scratch sc = Scratch.get(d, h, rule.k());
            float xx = (float) xx(r, start, gain, input);
            float[] dsr = ds[r];
            float[] srow = sc.floats;
            sF.get(rows[r] * d, srow, 0, d);
            // the first sample's g·x and −xx_μ s_μ in one pass, the others added (most rows have one or two)
            int o = sample[start[r]] * d;
            float g = (float) gain[start[r]];
            for (int c = 0; c < d; c++) {
                dsr[c] = g * x[o + c] - xx * srow[c];
            }
            for (int t = start[r] + 1; t < start[r + 1]; t++) {
                int ot = sample[t] * d;
                float gt = (float) gain[t];
                for (int c = 0; c < d; c++) {
                    dsr[c] += gt * x[ot + c];
                }
            }
            float m = 0;
            for (int c = 0; c < d; c++) { // a pass of its own with a plain compare: ~2x faster than Math.max in the loop above
                float a = Math.abs(dsr[c]);
                m = a > m ? a : m;
            }
            rowMax[r] = m;
        });
        float scale = (float) (eps / Math.max(max(rowMax), 1e-30));
        double p1 = rule.p() - 1;
        IntStream.range(0, n).parallel().forEach(r -> {
            Scratch sc = Scratch.get(d, h, rule.k());
            int mu = rows[r];
            float[] dsr = ds[r];
            float[] srow = sc.floats;
            float[] wrow = sc.accFloats;
            sF.get(mu * d, srow, 0, d);
            for (int c = 0; c < d; c++) {
                srow[c] += scale * dsr[c];
            }
            if (p1 == 2) { // the default p = 3: sign(s)|s|² = s|s|, vectorised
                for (int c = 0; c < d; c++) {
                    wrow[c] = srow[c] * Math.abs(srow[c]);
                }
            } else {
                for (int c = 0; c < d; c++) {
                    wrow[c] = (float) power(srow[c], p1);
                }
            }
            sF.put(mu * d, srow, 0, d);
            wF.put(mu * d, wrow, 0, d);
        });
    }

    /** Steps 3 and 4 for float64 state. */
    private static void updateRowsDouble(INDArray s, INDArray w, double[] x, int[] rows, int n, int[] start, int[] sample,
                                         double[] gain, double[] input, Rule rule, double eps, Workspace buf) {
        int d = (int) s.columns();
        int h = (int) s.rows();
        double[][] ds = buf.rowBuffers(n);
        double[] rowMax = new double[n];
        IntStream.range(0, n).parallel().forEach(r -> {
            Scratch sc = Scratch.get(d, h, rule.k());
            double xxr = xx(r, start, gain, input);
            double[] dsr = ds[r];
            accumulate(dsr, x, sample, gain, start[r], start[r + 1], d);
            s.data().asNioDouble().get(rows[r] * d, sc.srow, 0, d);
            double m = 0;
            for (int c = 0; c < d; c++) {
                double v = dsr[c] - xxr * sc.srow[c];
                dsr[c] = v;
                m = Math.max(m, Math.abs(v));
            }
            rowMax[r] = m;
        });
        double scale = eps / Math.max(max(rowMax), 1e-30);
        double p1 = rule.p() - 1;
        IntStream.range(0, n).parallel().forEach(r -> {
            Scratch sc = Scratch.get(d, h, rule.k());
            int mu = rows[r];
            double[] dsr = ds[r];
            Bulk.getRow(s, mu, sc.srow, sc.floats);
            for (int c = 0; c < d; c++) {
                double v = sc.srow[c] + scale * dsr[c];
                sc.srow[c] = v;
                sc.wrow[c] = power(v, p1);
            }
            Bulk.putRow(s, mu, sc.srow, sc.floats);
            Bulk.putRow(w, mu, sc.wrow, sc.floats);
        });
    }

    /** xx_μ = Σ_b g_bμ I_bμ over the samples that touch changed row r. */
    private static double xx(int r, int[] start, double[] gain, double[] input) {
        double xx = 0;
        for (int t = start[r]; t < start[r + 1]; t++) {
            xx += gain[t] * input[t];
        }
        return xx;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** acc = Σ_t gain[t] · x[sample[t]] over t ∈ [from, to), in that order (x: B×D, C order). */
    private static void accumulate(double[] acc, double[] x, int[] sample, double[] gain, int from, int to, int d) {
        Arrays.fill(acc, 0, d, 0.0);
        for (int t = from; t < to; t++) {
            int o = sample[t] * d;
            double g = gain[t];
            for (int c = 0; c < d; c++) {
                acc[c] += g * x[o + c];
            }
        }
    }

    /**
     * The per-batch arrays of {@link #sparseStep}, kept across batches of one shape: allocating
     * several fresh multi-megabyte arrays per batch costs page faults and collections.
     */
    public static final class Workspace {
        final INDArray input;
        final Object xValues;
        private final int b;
        private final int h;
        private final int d;
        private final DataType type;
        /** dS rows of the changed units; grows to the most rows one batch changed, then stays. */
        private double[][] rows = new double[0][];
        private float[][] floatRows = new float[0][];
        public Workspace(int b, int h, int d, DataType type) {
            this.b = b;
            this.h = h;
            this.d = d;
            this.type = type;
            this.input = Nd4j.create(type, b, h);
            this.xValues = type == DataType.FLOAT ? new float[b * d] : new double[b * d];
        }

        boolean fits(int b, int h, int d, DataType t) {
            return b == this.b && h == this.h && d == this.d && t == type;
        }

        /** At least {@code n} float32 row buffers of length d (contents undefined). */
        float[][] floatRowBuffers(int n) {
            floatRows = grown(floatRows, n, () -> new float[d]);
            return floatRows;
        }

        /** At least {@code n} row buffers of length d (contents undefined). */
        double[][] rowBuffers(int n) {
            rows = grown(rows, n, () -> new double[d]);
            return rows;
        }

        /** {@code rows} itself if it has {@code n} entries, else a copy extended with fresh buffers. */
        private static <T> T[] grown(T[] rows, int n, java.util.function.Supplier<T> fresh) {
            if (rows.length >= n) {
                return rows;
            }
            T[] out = Arrays.copyOf(rows, n);
            for (int r = rows.length; r < n; r++) {
                out[r] = fresh.get();
            }
            return out;
        }
    }

    /** Per-thread row buffers, reused across rows and batches (the step runs on the common pool). */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = new ThreadLocal<>();
        final double[] srow;
        final double[] wrow;
        final float[] floats;
        final float[] accFloats;
        final double[] inputRow;
        final float[] inputFloats;
        final int[] top;

        private Scratch(int d, int h, int k) {
            srow = new double[d];
            wrow = new double[d];
            floats = new float[d];
            accFloats = new float[d];
            inputRow = new double[h];
            inputFloats = new float[h];
            top = new int[k];
        }

        static Scratch get(int d, int h, int k) {
            Scratch s = LOCAL.get();
            if (s == null || s.srow.length != d || s.inputRow.length != h || s.top.length != k) {
                s = new Scratch(d, h, k);
                LOCAL.set(s);
            }
            return s;
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

    /** {@link #topK(double[], int, int, int[])} for the first n values of a float32 row. */
    static void topK(float[] v, int n, int[] out) {
        int k = out.length;
        int filled = 0;
        float kth = Float.NaN; // the current k-th value once the list is full (NaN: not full, nothing skipped)
        for (int i = 0; i < n; i++) {
            float x = v[i];
            if (!(x > kth) && filled == k) { // the hot path: one compare against a register, no list lookup
                continue;
            }
            int pos = Math.min(filled, k - 1);
            while (pos > 0 && x > v[out[pos - 1]]) {
                out[pos] = out[pos - 1];
                pos--;
            }
            out[pos] = i;
            if (filled < k) {
                filled++;
            }
            if (filled == k) {
                kth = v[out[k - 1]];
            }
        }
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
}
