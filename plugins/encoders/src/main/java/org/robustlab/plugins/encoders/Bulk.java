package org.robustlab.plugins.encoders;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between C-ordered float32/float64 ND4J arrays and Java double arrays through the
 * buffers' NIO views: no per-element JNI calls and no intermediate casts.
 */
final class Bulk {
    private Bulk() {
    }

    /** All elements in C order into {@code out} (length ≥ a.length()); returns it. */
    static double[] toDoubles(INDArray a, double[] out) {
        INDArray c = contiguous(a);
        int n = (int) c.length();
        if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(out, 0, n);
            return out;
        }
        // Bulk gets through a small chunk: element-wise get(i) on a direct buffer is ~4x slower.
        FloatBuffer f = c.data().asNioFloat();
        float[] chunk = new float[Math.min(n, 1 << 15)];
        for (int from = 0; from < n; from += chunk.length) {
            int len = Math.min(chunk.length, n - from);
            f.get(from, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                out[from + i] = chunk[i];
            }
        }
        return out;
    }

    /** All elements in C order into {@code out} (float[] for float32 arrays, else double[]); returns it. */
    static Object toPrimitive(INDArray a, Object out) {
        if (out instanceof float[] f && a.dataType() == DataType.FLOAT) {
            contiguous(a).data().asNioFloat().get(f, 0, (int) a.length());
            return f;
        }
        return toDoubles(a, (double[]) out);
    }

    /** Row {@code row} into {@code into}; {@code floats} (length ≥ columns) is scratch for float32 arrays. */
    static void getRow(INDArray a, int row, double[] into, float[] floats) {
        int d = into.length;
        checkState(a);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().get(row * d, into, 0, d); // absolute bulk get: safe across threads
        } else {
            a.data().asNioFloat().get(row * d, floats, 0, d);
            for (int i = 0; i < d; i++) {
                into[i] = floats[i];
            }
        }
    }

    /** Writes {@code from} into row {@code row}; {@code floats} (length ≥ columns) is scratch for float32 arrays. */
    static void putRow(INDArray a, int row, double[] from, float[] floats) {
        int d = from.length;
        checkState(a);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().put(row * d, from, 0, d);
        } else {
            for (int i = 0; i < d; i++) {
                floats[i] = (float) from[i];
            }
            a.data().asNioFloat().put(row * d, floats, 0, d);
        }
    }

    /**
     * The given rows of a C-ordered matrix as a new C-ordered matrix: one bulk copy per row
     * (ND4J's getRows costs about as much as a GEMM of the same batch).
     */
    static INDArray gatherRows(INDArray a, int[] rows) {
        return gatherRows(a, rows, org.nd4j.linalg.factory.Nd4j.create(a.dataType(), rows.length, a.columns()));
    }

    /** As {@link #gatherRows(INDArray, int[])}, into {@code out} (rows.length × columns, C order, same type; reused across batches). */
    static INDArray gatherRows(INDArray a, int[] rows, INDArray out) {
        checkState(a);
        checkState(out);
        int d = (int) a.columns();
        if (out.rows() != rows.length || out.columns() != d || out.dataType() != a.dataType()) {
            throw new IllegalArgumentException("gather target is " + java.util.Arrays.toString(out.shape()) + " " + out.dataType());
        }
        if (a.dataType() == DataType.DOUBLE) {
            DoubleBuffer src = a.data().asNioDouble();
            DoubleBuffer dst = out.data().asNioDouble();
            for (int i = 0; i < rows.length; i++) {
                dst.put(i * d, src, rows[i] * d, d); // native-to-native copy, no Java array in between
            }
        } else {
            FloatBuffer src = a.data().asNioFloat();
            FloatBuffer dst = out.data().asNioFloat();
            for (int i = 0; i < rows.length; i++) {
                dst.put(i * d, src, rows[i] * d, d);
            }
        }
        return out;
    }

    /** {@code a} itself when it is C-ordered, unoffset and not a view, else a C-ordered copy. */
    static INDArray contiguous(INDArray a) {
        return org.robustlab.numerics.RowPasses.contiguous(a);
    }

    static void checkState(INDArray a) {
        if (a.ordering() != 'c' || a.offset() != 0 || a.isView()) {
            throw new IllegalArgumentException("KH state must be a C-ordered array that is not a view");
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("KH state must be float32 or float64, not " + a.dataType());
        }
    }
}
