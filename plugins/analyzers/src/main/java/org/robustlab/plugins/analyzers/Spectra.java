package org.robustlab.plugins.analyzers;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.numerics.Products;

/** Covariance eigenvalue spectra of representations (rows = samples), in float64 through LAPACK. */
public final class Spectra {
    private Spectra() {
    }

    /** Rows minus their column means, as a float64 copy ({@link org.robustlab.numerics.Covariance#centred}). */
    public static INDArray centred(INDArray rows) {
        return org.robustlab.numerics.Covariance.centred(rows);
    }

    /** Sample covariance of the columns ({@link org.robustlab.numerics.Covariance#ofRows}). */
    public static INDArray covariance(INDArray rows) {
        return org.robustlab.numerics.Covariance.ofRows(rows);
    }

    /**
     * Covariance eigenvalues in descending order, one per column. When there are fewer samples
     * than columns the (cheaper) N×N Gram matrix is decomposed instead: it has the same non-zero
     * eigenvalues, and the rest are zero.
     */
    public static double[] eigenvalues(INDArray rows) {
        int n = (int) rows.rows();
        int d = (int) rows.columns();
        if (n >= d) {
            return symmetricEigenvalues(covariance(rows));
        }
        INDArray c = centred(rows);
        INDArray gram = Products.rowGram(c).divi(Math.max(1, n - 1));
        double[] padded = Arrays.copyOf(symmetricEigenvalues(gram), d);
        return descending(padded); // rounding leaves tiny negative eigenvalues, which belong after the zeros
    }

    /** Eigenvalues of a symmetric matrix, descending (LAPACK dsyevd, values only, through the host's SymmetricEigen). */
    public static double[] symmetricEigenvalues(INDArray symmetric) {
        return org.robustlab.numerics.SymmetricEigen.values(symmetric);
    }

    private static double[] descending(double[] values) {
        Arrays.sort(values);
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
        return values;
    }

    /** λ_n / λ_1. */
    public static double[] normalised(double[] descending) {
        double top = descending.length == 0 ? 0 : descending[0];
        double[] out = new double[descending.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = top > 0 ? descending[i] / top : Double.NaN;
        }
        return out;
    }
}
