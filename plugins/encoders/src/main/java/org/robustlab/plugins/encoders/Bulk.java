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

    /** All elements in C order as doubles (a copy). */
    static double[] toDoubles(INDArray a) {
        INDArray c = contiguous(a);
        int n = (int) c.length();
        double[] out = new double[n];
        if (c.dataType() == DataType.DOUBLE) {
            c.data().asNioDouble().get(out);
            return out;
        }
        float[] f = new float[n];
        c.data().asNioFloat().get(f);
        for (int i = 0; i < n; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** Row {@code row} into {@code into} (length = columns). */
    static void getRow(INDArray a, int row, double[] into) {
        int d = into.length;
        checkState(a);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().get(row * d, into, 0, d); // absolute bulk get: safe across threads
        } else {
            float[] f = new float[d];
            a.data().asNioFloat().get(row * d, f, 0, d);
            for (int i = 0; i < d; i++) {
                into[i] = f[i];
            }
        }
    }

    /** Writes {@code from} into row {@code row} (modified). */
    static void putRow(INDArray a, int row, double[] from) {
        int d = from.length;
        checkState(a);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().put(row * d, from, 0, d);
        } else {
            float[] f = new float[d];
            for (int i = 0; i < d; i++) {
                f[i] = (float) from[i];
            }
            a.data().asNioFloat().put(row * d, f, 0, d);
        }
    }

    /**
     * The given rows of a C-ordered matrix as a new C-ordered matrix: one bulk copy per row
     * (ND4J's getRows costs about as much as a GEMM of the same batch).
     */
    static INDArray gatherRows(INDArray a, int[] rows) {
        checkState(a);
        int d = (int) a.columns();
        INDArray out = org.nd4j.linalg.factory.Nd4j.create(a.dataType(), rows.length, d);
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

    private static INDArray contiguous(INDArray a) {
        return a.ordering() == 'c' && a.offset() == 0 && !a.isView() ? a : a.dup('c');
    }

    private static void checkState(INDArray a) {
        if (a.ordering() != 'c' || a.offset() != 0 || a.isView()) {
            throw new IllegalArgumentException("KH state must be a C-ordered array that is not a view");
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("KH state must be float32 or float64, not " + a.dataType());
        }
    }
}
