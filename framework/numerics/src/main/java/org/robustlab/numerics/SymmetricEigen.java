package org.robustlab.numerics;

import java.util.Arrays;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition of a real symmetric matrix, eigenvalues in descending order, through LAPACK's divide-and-conquer
 * {@code dsyevd} called directly on a column-major copy (LAPACKE from the OpenBLAS the host's CPU backend loads). ND4J's
 * {@code Eigen.symmetricGeneralizedEigenvalues} takes about ten times as long at 2000 × 2000 and its values-only path
 * is slower than its path with vectors; where LAPACKE is not available (a CUDA backend) this class falls back to it.
 * Eigenvectors are checked to be orthonormal (OpenBLAS 0.3.19's AVX-512 kernels returned wrong vectors, or NaN, with
 * correct values; 0.3.21, bundled since 2026-12-01, does not), so a broken kernel fails loudly instead of turning
 * results into noise.
 */
public final class SymmetricEigen {
    private static final int COL_MAJOR = 102; // LAPACK_COL_MAJOR
    private static volatile Boolean lapacke;

    private SymmetricEigen() {
    }

    /**
     * Eigenvalues and eigenvectors.
     *
     * @param values   descending
     * @param vectors  n×n float64, column j the unit eigenvector of values[j]
     */
    public record Decomposition(double[] values, INDArray vectors) {
    }

    /** The eigenvalues of {@code symmetric} (n×n, any type; not modified), descending. */
    public static double[] values(INDArray symmetric) {
        int n = size(symmetric);
        if (!lapackeAvailable()) {
            return descending(nd4j(symmetric, false, null));
        }
        synchronized (Workspace.class) {
            return descending(dsyevd(symmetric, false, Workspace.of(n)));
        }
    }

    /** Eigenvalues (descending) and orthonormal eigenvectors of {@code symmetric} (n×n, any type; not modified). */
    public static Decomposition decompose(INDArray symmetric) {
        int n = size(symmetric);
        if (!lapackeAvailable()) {
            double[][] vectorsOut = new double[1][];
            double[] w = nd4j(symmetric, true, vectorsOut);
            return reversed(w, vectorsOut[0], n);
        }
        synchronized (Workspace.class) {
            Workspace ws = Workspace.of(n);
            double[] w = dsyevd(symmetric, true, ws);
            double[] a = ws.heap(n);
            ws.a.get(a, 0, n * n);
            checkOrthonormalColumns(a, n);
            return reversed(w, a, n);
        }
    }

    /** Values and columns in descending order (LAPACK returns them ascending; stable for ties). */
    private static Decomposition reversed(double[] w, double[] columnMajor, int n) {
        INDArray vectors = Nd4j.create(DataType.DOUBLE, n, n);
        java.nio.DoubleBuffer out = vectors.data().asNioDouble();
        double[] row = new double[n];
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            values[j] = w[n - 1 - j];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                row[j] = columnMajor[(n - 1 - j) * n + i];
            }
            out.put(i * n, row, 0, n);
        }
        return new Decomposition(values, vectors);
    }

    /**
     * Fails when the columns of the column-major n×n {@code v} are not orthonormal, probed in O(n²): for four seeded
     * Gaussian vectors r, Vᵀ(V r) = r exactly when VᵀV = I, and an entry e of VᵀV − I shows up as e·r_j in the
     * probe. The exact check ({@link #checkOrthonormal}) costs an n³ GEMM, a quarter of the decomposition at
     * n = 2000; a broken kernel (errors of order 1 to 1e3) cannot pass four probes.
     */
    static void checkOrthonormalColumns(double[] v, int n) {
        int probes = 4;
        Random rng = new Random(20261130L);
        double[][] r = new double[probes][n];
        double[][] y = new double[probes][n];
        for (double[] p : r) {
            for (int j = 0; j < n; j++) {
                p[j] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < n; j++) { // y = V r, column by column (contiguous)
            int c = j * n;
            for (int p = 0; p < probes; p++) {
                double rj = r[p][j];
                double[] yp = y[p];
                for (int i = 0; i < n; i++) {
                    yp[i] += v[c + i] * rj;
                }
            }
        }
        double worst = 0;
        for (int j = 0; j < n; j++) { // (Vᵀ y)_j = column j · y
            int c = j * n;
            for (int p = 0; p < probes; p++) {
                double dot = 0;
                double[] yp = y[p];
                for (int i = 0; i < n; i++) {
                    dot += v[c + i] * yp[i];
                }
                worst = Math.max(worst, Math.abs(dot - r[p][j]) / Math.max(1, Math.abs(r[p][j])));
            }
        }
        if (!(worst < 1e-6)) {
            throw new IllegalStateException("the eigendecomposition returned eigenvectors that are not orthonormal"
                    + " (probe: max |Vᵀ(V r) − r| = " + worst + "). OpenBLAS 0.3.19's AVX-512 kernels did this (the"
                    + " bundled 0.3.21's do not); choose other kernels, e.g. OPENBLAS_CORETYPE=Haswell, and run again.");
        }
    }

    /**
     * Fails when the columns of {@code v} are not orthonormal to 1e-6: one n×n×n GEMM, small next to the decomposition.
     */
    public static void checkOrthonormal(INDArray v) {
        int n = (int) v.columns();
        double off = Products.transposedTimes(v, v).subi(Nd4j.eye(n).castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        if (!(off < 1e-6)) {
            throw new IllegalStateException("the eigendecomposition returned eigenvectors that are not orthonormal"
                    + " (max |VᵀV − I| = " + off + "). OpenBLAS 0.3.19's AVX-512 kernels did this (the"
                    + " bundled 0.3.21's do not); choose other kernels, e.g. OPENBLAS_CORETYPE=Haswell, and run again.");
        }
    }

    /** Whether LAPACKE's dsyevd can be called (the OpenBLAS natives load); else ND4J's route is used. */
    public static boolean lapackeAvailable() {
        Boolean ok = lapacke;
        if (ok == null) {
            try {
                org.bytedeco.javacpp.Loader.load(openblas.class);
                ok = true;
            } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
                ok = false;
            }
            lapacke = ok;
        }
        return ok;
    }

    private static int size(INDArray m) {
        if (m.rank() != 2 || m.rows() != m.columns()) {
            throw new IllegalArgumentException("expected a square matrix, got shape " + Arrays.toString(m.shape()));
        }
        return (int) m.rows();
    }

    /**
     * Native buffers of the last size decomposed, reused across calls (the spectral regularizer decomposes a 2000 ×
     * 2000 matrix every epoch): the matrix, the values and LAPACK's workspace (64 MB for vectors at n = 2000). A fresh
     * buffer of that size costs ~0.1–0.25 s of first-touch page faults on a VM, a fifth of the decomposition.
     * Guarded by the class lock.
     */
    private static final class Workspace {
        private static Workspace last;
        final int n;
        final DoublePointer a;
        final DoublePointer w;
        final DoublePointer work;
        final IntPointer iwork;
        final int lwork;
        final int liwork;
        private double[] heap;

        private Workspace(int n) {
            this.n = n;
            a = new DoublePointer((long) n * n);
            w = new DoublePointer(Math.max(1, n));
            try (DoublePointer wq = new DoublePointer(1); IntPointer iq = new IntPointer(1)) {
                // the workspace query for vectors also covers the values-only call
                int info = openblas.LAPACKE_dsyevd_work(COL_MAJOR, (byte) 'V', (byte) 'U', n, a, Math.max(1, n), w, wq, -1, iq, -1);
                if (info != 0) {
                    throw new IllegalStateException("LAPACKE_dsyevd workspace query failed with info = " + info);
                }
                lwork = (int) wq.get(0);
                liwork = iq.get(0);
            }
            work = new DoublePointer(Math.max(1, lwork));
            iwork = new IntPointer(Math.max(1, liwork));
        }

        static Workspace of(int n) {
            if (last == null || last.n != n) {
                if (last != null) {
                    last.a.close();
                    last.w.close();
                    last.work.close();
                    last.iwork.close();
                }
                last = new Workspace(n);
            }
            return last;
        }

        /** A heap array of n² doubles, reused. */
        double[] heap(int n) {
            if (heap == null || heap.length != n * n) {
                heap = new double[n * n];
            }
            return heap;
        }
    }

    /** dsyevd on a copy in {@code ws.a}; returns the ascending values (vectors, when asked, stay in {@code ws.a}, column-major). */
    private static double[] dsyevd(INDArray symmetric, boolean withVectors, Workspace ws) {
        int n = ws.n;
        // the matrix is symmetric, so its row-major data is also its column-major data
        INDArray m = RowPasses.contiguous(symmetric.castTo(DataType.DOUBLE));
        ws.a.asBuffer().put(m.data().asNioDouble().duplicate().limit(n * n)); // native to native, no heap copy
        int info = openblas.LAPACKE_dsyevd_work(COL_MAJOR, (byte) (withVectors ? 'V' : 'N'), (byte) 'U', n, ws.a, Math.max(1, n),
                ws.w, ws.work, ws.lwork, ws.iwork, ws.liwork);
        if (info != 0) {
            throw new IllegalStateException("LAPACKE_dsyevd failed with info = " + info
                    + (info > 0 ? " (the algorithm did not converge)" : " (argument " + (-info) + " is invalid)"));
        }
        double[] w = new double[n];
        ws.w.get(w);
        return w;
    }

    /** ND4J's LAPACK route, for backends without LAPACKE; same contract as {@link #dsyevd}. */
    private static double[] nd4j(INDArray symmetric, boolean withVectors, double[][] vectorsOut) {
        INDArray a = symmetric.castTo(DataType.DOUBLE).dup('f');
        double[] w = Eigen.symmetricGeneralizedEigenvalues(a, withVectors).toDoubleVector();
        Integer[] order = new Integer[w.length];
        for (int i = 0; i < w.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(w[x], w[y]));
        double[] sorted = new double[w.length];
        int n = w.length;
        double[] cols = withVectors ? new double[n * n] : null;
        for (int k = 0; k < n; k++) {
            sorted[k] = w[order[k]];
            if (withVectors) {
                for (int i = 0; i < n; i++) {
                    cols[k * n + i] = a.getDouble(i, order[k]);
                }
            }
        }
        if (withVectors) {
            vectorsOut[0] = cols;
        }
        return sorted;
    }

    private static double[] descending(double[] ascending) {
        double[] d = new double[ascending.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = ascending[d.length - 1 - i];
        }
        return d;
    }
}
