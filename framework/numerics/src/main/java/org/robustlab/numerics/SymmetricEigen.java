package org.robustlab.numerics;

import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
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
 * Eigenvectors are checked to be orthonormal (OpenBLAS 0.3.19's AVX-512 {@code dsyev} returned wrong vectors with
 * correct values), so a broken kernel fails loudly instead of turning results into noise.
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
        double[] w = lapackeAvailable() ? dsyevd(symmetric, false, null) : nd4j(symmetric, false, null);
        return descending(w);
    }

    /** Eigenvalues (descending) and orthonormal eigenvectors of {@code symmetric} (n×n, any type; not modified). */
    public static Decomposition decompose(INDArray symmetric) {
        int n = size(symmetric);
        double[][] vectorsOut = new double[1][];
        double[] w = lapackeAvailable() ? dsyevd(symmetric, true, vectorsOut) : nd4j(symmetric, true, vectorsOut);
        // LAPACK returns ascending values; reverse the order of values and columns (stable for ties)
        double[] a = vectorsOut[0];
        double[] out = new double[n * n];
        double[] values = new double[n];
        for (int j = 0; j < n; j++) {
            int src = n - 1 - j;
            values[j] = w[src];
            for (int i = 0; i < n; i++) {
                out[i * n + j] = a[src * n + i]; // column-major source, row-major target
            }
        }
        INDArray vectors = Nd4j.create(out, new long[]{n, n}, DataType.DOUBLE);
        checkOrthonormal(vectors);
        return new Decomposition(values, vectors);
    }

    /**
     * Fails when the columns of {@code v} are not orthonormal to 1e-6: one n×n×n GEMM, small next to the decomposition.
     */
    public static void checkOrthonormal(INDArray v) {
        int n = (int) v.columns();
        double off = v.transpose().mmul(v).subi(Nd4j.eye(n).castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        if (!(off < 1e-6)) {
            throw new IllegalStateException("the eigendecomposition returned eigenvectors that are not orthonormal"
                    + " (max |VᵀV − I| = " + off + "). OpenBLAS's AVX-512 kernels have done this; run with"
                    + " OPENBLAS_CORETYPE=Haswell (the ./robustlab launcher sets it) or another kernel set, and run again.");
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

    /** dsyevd on a column-major copy; returns the ascending values and, when asked, the column-major vectors. */
    private static double[] dsyevd(INDArray symmetric, boolean withVectors, double[][] vectorsOut) {
        int n = size(symmetric);
        // the matrix is symmetric, so its row-major data is also its column-major data
        double[] a = symmetric.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        try (DoublePointer pa = new DoublePointer(a); DoublePointer pw = new DoublePointer(n)) {
            int info = openblas.LAPACKE_dsyevd(COL_MAJOR, (byte) (withVectors ? 'V' : 'N'), (byte) 'U', n, pa, n, pw);
            if (info != 0) {
                throw new IllegalStateException("LAPACKE_dsyevd failed with info = " + info
                        + (info > 0 ? " (the algorithm did not converge)" : " (argument " + (-info) + " is invalid)"));
            }
            double[] w = new double[n];
            pw.get(w);
            if (withVectors) {
                pa.get(a);
                vectorsOut[0] = a;
            }
            return w;
        }
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
