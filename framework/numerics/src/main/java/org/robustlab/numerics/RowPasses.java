package org.robustlab.numerics;

import java.nio.Buffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fused passes over the rows of batch matrices, split over the cores: the building block of the kernels that replace
 * chains of ND4J expressions in hot loops (training steps, attack steps). A chain allocates a batch-sized temporary per
 * operation, and a first touch of fresh memory can cost more than the arithmetic (measured on a 2-core VM: ~15 µs per
 * 4 KB page, a new 8 MB array ≈ 26 ms against ≈ 67 ms for a 1000×3072×2000 float32 GEMM). A pass reads each row into
 * a double[] scratch row, computes in float64 and writes back (rounded once for float32 arrays).
 *
 * <p>Arrays: C-ordered, not views, offset 0, float32 or float64. Rows are independent tasks, so a body must only write
 * its own row.
 */
public final class RowPasses {
    /** Rows per task: enough to amortise scheduling, few enough to split a 1000-row batch over the cores. */
    private static final int ROWS_PER_TASK = 32;

    private RowPasses() {
    }

    /** A row of a pass, with its task's scratch. */
    @FunctionalInterface
    public interface RowBody {
        void apply(int row, RowScratch scratch);
    }

    /**
     * Runs {@code body} for every row 0..rows−1 of {@code shapeOf}, with {@code k} scratch rows of its width, in
     * parallel tasks of consecutive rows.
     */
    public static void forEachRow(INDArray shapeOf, int k, RowBody body) {
        checkState(shapeOf);
        int rows = (int) shapeOf.rows();
        int width = (int) shapeOf.columns();
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        IntStream range = IntStream.range(0, tasks);
        (tasks > 1 ? range.parallel() : range).forEach(task -> {
            RowScratch scratch = new RowScratch(k, width);
            int to = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int row = task * ROWS_PER_TASK; row < to; row++) {
                body.apply(row, scratch);
            }
        });
    }

    /** Fails unless {@code a} is a C-ordered float32/float64 array that is not a view. */
    public static void checkState(INDArray a) {
        if (!dense(a)) {
            throw new IllegalArgumentException("a row pass needs a C-ordered array that is not a view");
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("a row pass needs float32 or float64, not " + a.dataType());
        }
    }

    /** Whether {@code a} is C-ordered, not a view and at offset 0: its buffer holds exactly its rows, in order. */
    public static boolean dense(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0;
    }

    /** {@code a} itself when it is {@link #dense}, else a C-ordered copy. */
    public static INDArray contiguous(INDArray a) {
        return dense(a) ? a : a.dup('c');
    }

    /**
     * A C-ordered array of this shape and type: {@code reuse} itself when it already is one, else a new one. A new one
     * is never carved from an open {@link StepMemory} scope: callers keep it across steps as their scratch.
     */
    public static INDArray like(INDArray reuse, DataType type, long rows, long columns) {
        if (reuse != null && reuse.dataType() == type && reuse.rows() == rows && reuse.columns() == columns && dense(reuse)) {
            return reuse;
        }
        try (org.nd4j.linalg.api.memory.MemoryWorkspace outside =
                     org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return org.nd4j.linalg.factory.Nd4j.create(type, rows, columns);
        }
    }

    /**
     * Per-task scratch rows ({@link #d}) of the arrays' width, and the row copies between them and the arrays. The
     * arrays' NIO views are made once per task (each costs a JNI call; once per row they cost as much as the
     * arithmetic); absolute bulk gets and puts share no position, so tasks may read the same array.
     */
    public static final class RowScratch {
        /** Scratch rows, {@code k} × width. */
        public final double[][] d;
        private final float[] f;
        private final INDArray[] arrays = new INDArray[6];
        private final Buffer[] views = new Buffer[6];

        RowScratch(int k, int width) {
            d = new double[k][width];
            f = new float[width];
        }

        private Buffer view(INDArray a) {
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] == a) {
                    return views[i];
                }
                if (arrays[i] == null) {
                    checkState(a);
                    arrays[i] = a;
                    views[i] = a.dataType() == DataType.DOUBLE ? a.data().asNioDouble() : a.data().asNioFloat();
                    return views[i];
                }
            }
            throw new IllegalStateException("a row pass touches at most " + arrays.length + " arrays");
        }

        /** Row {@code row} of {@code a} into {@code into} (length = a's columns). */
        public void get(INDArray a, int row, double[] into) {
            int w = into.length;
            if (view(a) instanceof DoubleBuffer db) {
                db.get(row * w, into, 0, w);
            } else {
                ((FloatBuffer) view(a)).get(row * w, f, 0, w);
                for (int j = 0; j < w; j++) {
                    into[j] = f[j];
                }
            }
        }

        /** {@code from} into row {@code row} of {@code a}, rounded once for float32. */
        public void put(INDArray a, int row, double[] from) {
            int w = from.length;
            if (view(a) instanceof DoubleBuffer db) {
                db.put(row * w, from, 0, w);
            } else {
                for (int j = 0; j < w; j++) {
                    f[j] = (float) from[j];
                }
                ((FloatBuffer) view(a)).put(row * w, f, 0, w);
            }
        }
    }
}
