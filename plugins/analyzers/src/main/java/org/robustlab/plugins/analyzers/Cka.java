package org.robustlab.plugins.analyzers;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.numerics.Products;

/**
 * Centered kernel alignment with the linear kernel (Kornblith et al. 2019; docs/methods.md §7).
 * Rows are samples; the two representations may have different widths.
 */
public final class Cka {
    private Cka() {
    }

    /**
     * Linear CKA = ‖Y_cᵀX_c‖²_F / (‖X_cᵀX_c‖_F ‖Y_cᵀY_c‖_F), computed in float64 through whichever
     * of the feature form and the (equivalent) N×N Gram form is cheaper.
     */
    public static double linear(INDArray x, INDArray y) {
        INDArray xc = Spectra.centred(x);
        INDArray yc = Spectra.centred(y);
        long n = xc.rows();
        if (n < xc.columns() + y.columns()) {
            return fromCentredGrams(Products.timesTransposed(xc, xc), Products.timesTransposed(yc, yc));
        }
        double cross = squaredFrobenius(Products.transposedTimes(yc, xc));
        double xx = Math.sqrt(squaredFrobenius(Products.transposedTimes(xc, xc)));
        double yy = Math.sqrt(squaredFrobenius(Products.transposedTimes(yc, yc)));
        return cross / (xx * yy);
    }

    /** Linear CKA from the Gram matrices of column-centred representations: ⟨K, L⟩ / (‖K‖ ‖L‖). */
    public static double fromCentredGrams(INDArray k, INDArray l) {
        double kl = k.mul(l).sumNumber().doubleValue();
        return kl / Math.sqrt(squaredFrobenius(k) * squaredFrobenius(l));
    }

    /** Gram matrix of the column-centred rows (float64). */
    public static INDArray centredGram(INDArray rows) {
        INDArray c = Spectra.centred(rows);
        return Products.timesTransposed(c, c);
    }

    /**
     * Linear CKA of a resample of the rows, given the uncentred Gram matrices of all rows: the
     * resampled Gram is K[idx, idx], which is then double-centred (rows may repeat).
     */
    public static double linearResampled(double[][] k, double[][] l, int[] idx) {
        double[][] kc = doubleCentred(k, idx);
        double[][] lc = doubleCentred(l, idx);
        double kl = 0, kk = 0, ll = 0;
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                kl += kc[i][j] * lc[i][j];
                kk += kc[i][j] * kc[i][j];
                ll += lc[i][j] * lc[i][j];
            }
        }
        return kl / Math.sqrt(kk * ll);
    }

    private static double[][] doubleCentred(double[][] g, int[] idx) {
        int n = idx.length;
        double[][] out = new double[n][n];
        double[] rowMean = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] src = g[idx[i]];
            double s = 0;
            for (int j = 0; j < n; j++) {
                out[i][j] = src[idx[j]];
                s += out[i][j];
            }
            rowMean[i] = s / n;
            total += s;
        }
        double grand = total / ((double) n * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] += grand - rowMean[i] - rowMean[j]; // the Gram is symmetric: column means = row means
            }
        }
        return out;
    }

    /**
     * Minibatch CKA with the unbiased HSIC estimator (Song et al. 2012; Nguyen et al. 2021):
     * Σ_b HSIC₁(K_b, L_b) / √(Σ_b HSIC₁(K_b, K_b) Σ_b HSIC₁(L_b, L_b)) over consecutive batches of
     * {@code batch} rows (a last batch with fewer than 4 rows is dropped: HSIC₁ needs n ≥ 4).
     */
    public static double unbiasedMinibatch(INDArray x, INDArray y, int batch) {
        if (batch < 4) {
            throw new IllegalArgumentException("the unbiased HSIC estimator needs batches of at least 4 rows, got " + batch);
        }
        long n = x.rows();
        double kl = 0, kk = 0, ll = 0;
        for (long from = 0; from + 4 <= n; from += batch) {
            long to = Math.min(n, from + batch);
            INDArray xb = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.DOUBLE);
            INDArray yb = y.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.DOUBLE);
            double[][] k = Products.timesTransposed(xb, xb).toDoubleMatrix();
            double[][] l = Products.timesTransposed(yb, yb).toDoubleMatrix();
            kl += unbiasedHsic(k, l);
            kk += unbiasedHsic(k, k);
            ll += unbiasedHsic(l, l);
        }
        return kl / Math.sqrt(kk * ll);
    }

    /**
     * HSIC₁(K, L) = [tr(K̃L̃) + 1ᵀK̃1 · 1ᵀL̃1 / ((n−1)(n−2)) − 2/(n−2) · 1ᵀK̃L̃1] / (n(n−3)),
     * with K̃, L̃ the kernels with their diagonals set to zero.
     */
    public static double unbiasedHsic(double[][] k, double[][] l) {
        int n = k.length;
        double trace = 0, sumK = 0, sumL = 0, cross = 0;
        double[] rowK = new double[n];
        double[] rowL = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    trace += k[i][j] * l[j][i];
                    rowK[i] += k[i][j];
                    rowL[i] += l[i][j];
                }
            }
            sumK += rowK[i];
            sumL += rowL[i];
        }
        for (int i = 0; i < n; i++) {
            cross += rowK[i] * rowL[i]; // 1ᵀK̃L̃1 = (K̃1)·(L̃1) for symmetric kernels
        }
        return (trace + sumK * sumL / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * cross) / (n * (n - 3.0));
    }

    private static double squaredFrobenius(INDArray a) {
        double f = a.norm2Number().doubleValue();
        return f * f;
    }
}
