package org.robustlab.plugins.encoders;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma & Ba 2015) with β1 = 0.9, β2 = 0.999, ε = 1e-8, updating parameters in place;
 * the update is PyTorch's: p −= lr · (m / c1) / (sqrt(v / c2) + ε).
 *
 * <p>For the 2000×3072 first layer the ND4J expression ({@link #stepReference}) makes about a
 * dozen passes and four temporaries over 24 MB per step, which cost as much as a third of the
 * GEMM floor; {@link #step} does the same arithmetic in one pass over p, g, m, v, split over the
 * cores. The reference stays as the test oracle.
 */
final class Adam {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    /**
     * Elements per task: large enough to amortise scheduling, small enough that a task's four heap copies
     * (4 × 64 KB) stay in a core's L2 between the copy in, the update and the copy out.
     */
    private static final int CHUNK = 1 << 14;
    /** Each worker thread's heap copies, reused across tasks and steps. */
    private static final ThreadLocal<float[][]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[4][CHUNK]);
    private static final ThreadLocal<double[][]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[4][CHUNK]);
    private final List<INDArray> params;
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private int t;

    /** @param params arrays updated in place by {@link #step} (modified) */
    Adam(List<INDArray> params) {
        this.params = params;
        for (INDArray p : params) {
            m.add(p.ulike().assign(0));
            v.add(p.ulike().assign(0));
        }
    }

    /** Adds the moments (as {@code prefix.m0}, {@code prefix.v0}, …) and the step count to a checkpoint. */
    void saveTo(String prefix, java.util.Map<String, INDArray> arrays, java.util.Map<String, Object> metadata) {
        for (int i = 0; i < params.size(); i++) {
            arrays.put(prefix + ".m" + i, m.get(i));
            arrays.put(prefix + ".v" + i, v.get(i));
        }
        metadata.put(prefix + ".t", t);
    }

    /** Continues from moments and step count saved by {@link #saveTo}. */
    void restoreFrom(String prefix, org.robustlab.api.TrainingState state) {
        for (int i = 0; i < params.size(); i++) {
            m.get(i).assign(state.array(prefix + ".m" + i));
            v.get(i).assign(state.array(prefix + ".v" + i));
        }
        t = ((Number) state.metadata().get(prefix + ".t")).intValue();
    }

    /** One update: p −= lr · m̂ / (sqrt(v̂) + ε). {@code grads} are not modified. */
    void step(List<INDArray> grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(B1, t);
        double c2 = 1 - Math.pow(B2, t);
        for (int i = 0; i < params.size(); i++) {
            INDArray g = grads.get(i);
            if (fusable(params.get(i), g, m.get(i), v.get(i))) {
                fused(params.get(i), g, m.get(i), v.get(i), lr, c1, c2);
            } else {
                plain(params.get(i), g, m.get(i), v.get(i), lr, c1, c2);
            }
        }
    }

    /** The same update through plain ND4J expressions: the oracle of {@link #step}. */
    void stepReference(List<INDArray> grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(B1, t);
        double c2 = 1 - Math.pow(B2, t);
        for (int i = 0; i < params.size(); i++) {
            plain(params.get(i), grads.get(i), m.get(i), v.get(i), lr, c1, c2);
        }
    }

    private static void plain(INDArray p, INDArray g, INDArray m, INDArray v, double lr, double c1, double c2) {
        m.muli(B1).addi(g.mul(1 - B1));
        v.muli(B2).addi(g.mul(g).muli(1 - B2));
        INDArray denom = Transforms.sqrt(v.div(c2), false).addi(EPS);
        p.subi(m.div(c1).divi(denom).muli(lr));
    }

    private static boolean fusable(INDArray p, INDArray... others) {
        if (!dense(p) || (p.dataType() != DataType.FLOAT && p.dataType() != DataType.DOUBLE)) {
            return false;
        }
        for (INDArray o : others) {
            if (!dense(o) || o.dataType() != p.dataType() || o.length() != p.length()) {
                return false;
            }
        }
        return true;
    }

    private static boolean dense(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && !a.isView() && a.length() < Integer.MAX_VALUE;
    }

    private static void fused(INDArray p, INDArray g, INDArray m, INDArray v, double lr, double c1, double c2) {
        int n = (int) p.length();
        int tasks = (n + CHUNK - 1) / CHUNK;
        IntStream range = IntStream.range(0, tasks);
        // NIO views made once per step (a JNI call each); absolute bulk gets and puts are safe across tasks
        if (p.dataType() == DataType.FLOAT) {
            FloatBuffer pb = p.data().asNioFloat();
            FloatBuffer gb = g.data().asNioFloat();
            FloatBuffer mb = m.data().asNioFloat();
            FloatBuffer vb = v.data().asNioFloat();
            (tasks > 1 ? range.parallel() : range).forEach(task -> fusedFloat(pb, gb, mb, vb, task * CHUNK,
                    Math.min(CHUNK, n - task * CHUNK), (float) lr, (float) c1, (float) c2));
        } else {
            DoubleBuffer pb = p.data().asNioDouble();
            DoubleBuffer gb = g.data().asNioDouble();
            DoubleBuffer mb = m.data().asNioDouble();
            DoubleBuffer vb = v.data().asNioDouble();
            (tasks > 1 ? range.parallel() : range).forEach(task -> fusedDouble(pb, gb, mb, vb, task * CHUNK,
                    Math.min(CHUNK, n - task * CHUNK), lr, c1, c2));
        }
    }

    // Bulk copies into heap arrays: absolute get(i) on a direct buffer keeps the loop from vectorising.
    private static void fusedFloat(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int len,
                                   float lr, float c1, float c2) {
        float[][] scratch = FLOAT_SCRATCH.get();
        float[] pa = scratch[0];
        float[] ga = scratch[1];
        float[] ma = scratch[2];
        float[] va = scratch[3];
        p.get(from, pa, 0, len);
        g.get(from, ga, 0, len);
        m.get(from, ma, 0, len);
        v.get(from, va, 0, len);
        float b1 = (float) B1;
        float b2 = (float) B2;
        float a1 = (float) (1 - B1);
        float a2 = (float) (1 - B2);
        float eps = (float) EPS;
        for (int i = 0; i < len; i++) {
            float gi = ga[i];
            float mi = ma[i] * b1 + gi * a1;
            float vi = va[i] * b2 + gi * gi * a2;
            ma[i] = mi;
            va[i] = vi;
            pa[i] -= mi / c1 / ((float) Math.sqrt(vi / c2) + eps) * lr;
        }
        p.put(from, pa, 0, len);
        m.put(from, ma, 0, len);
        v.put(from, va, 0, len);
    }

    private static void fusedDouble(DoubleBuffer p, DoubleBuffer g, DoubleBuffer m, DoubleBuffer v, int from, int len,
                                    double lr, double c1, double c2) {
        double[][] scratch = DOUBLE_SCRATCH.get();
        double[] pa = scratch[0];
        double[] ga = scratch[1];
        double[] ma = scratch[2];
        double[] va = scratch[3];
        p.get(from, pa, 0, len);
        g.get(from, ga, 0, len);
        m.get(from, ma, 0, len);
        v.get(from, va, 0, len);
        for (int i = 0; i < len; i++) {
            double gi = ga[i];
            double mi = ma[i] * B1 + gi * (1 - B1);
            double vi = va[i] * B2 + gi * gi * (1 - B2);
            ma[i] = mi;
            va[i] = vi;
            pa[i] -= mi / c1 / (Math.sqrt(vi / c2) + EPS) * lr;
        }
        p.put(from, pa, 0, len);
        m.put(from, ma, 0, len);
        v.put(from, va, 0, len);
    }
}
