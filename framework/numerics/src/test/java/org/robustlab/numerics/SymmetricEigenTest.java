package org.robustlab.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

class SymmetricEigenTest {
    /** A random symmetric matrix with a spread of eigenvalues (a covariance-like Gram matrix plus a negative part). */
    static INDArray symmetric(int n, long seed) {
        INDArray x = Nd4j.randn(seed, new long[]{n + 5, n}).castTo(DataType.DOUBLE);
        INDArray g = x.transpose().mmul(x).divi(n);
        INDArray y = Nd4j.randn(seed + 1, new long[]{n, n}).castTo(DataType.DOUBLE);
        return g.subi(y.add(y.transpose()).muli(0.1));
    }

    @Test
    void dsyevdIsLoaded() {
        assertTrue(SymmetricEigen.lapackeAvailable(), "the CPU backend's OpenBLAS provides LAPACKE");
    }

    @Test
    void decompositionSatisfiesAvEqualsLambdaVAndMatchesNd4j() {
        for (int n : new int[]{1, 2, 7, 64, 301}) {
            INDArray a = symmetric(n, 10 + n);
            INDArray copy = a.dup();
            SymmetricEigen.Decomposition d = SymmetricEigen.decompose(a);
            assertEquals(copy, a, "input not modified");
            double scale = Arrays.stream(d.values()).map(Math::abs).max().orElse(1);
            for (int j = 0; j + 1 < n; j++) {
                assertTrue(d.values()[j] >= d.values()[j + 1], "descending at " + j);
            }
            // A V = V Λ column by column
            INDArray av = a.mmul(d.vectors());
            INDArray vl = d.vectors().mulRowVector(Nd4j.createFromArray(d.values()).reshape(1, n));
            double residual = av.sub(vl).amaxNumber().doubleValue();
            assertTrue(residual < 1e-10 * Math.max(1, scale), "n " + n + ": residual " + residual);
            // the plain route: ND4J's LAPACK syev, sorted the same way
            double[] plain = Eigen.symmetricGeneralizedEigenvalues(a.dup('f'), false).toDoubleVector();
            Arrays.sort(plain);
            double[] expected = new double[n];
            for (int i = 0; i < n; i++) {
                expected[i] = plain[n - 1 - i];
            }
            assertArrayEquals(expected, d.values(), 1e-10 * Math.max(1, scale), "n " + n);
            assertArrayEquals(d.values(), SymmetricEigen.values(a), 1e-10 * Math.max(1, scale), "values-only path, n " + n);
        }
    }

    @Test
    void knownSpectrum() {
        // Q diag(5, 3, 3, -1) Qᵀ with a random orthogonal Q: a repeated eigenvalue and a negative one
        INDArray q = org.nd4j.linalg.factory.Nd4j.randn(3L, new long[]{4, 4}).castTo(DataType.DOUBLE);
        // Gram-Schmidt on the columns
        for (int j = 0; j < 4; j++) {
            INDArray c = q.getColumn(j).dup();
            for (int k = 0; k < j; k++) {
                c.subi(q.getColumn(k).mul(q.getColumn(k).mul(c).sumNumber().doubleValue()));
            }
            q.putColumn(j, c.divi(c.norm2Number().doubleValue()));
        }
        INDArray a = q.mmul(Nd4j.diag(Nd4j.createFromArray(5.0, 3, 3, -1))).mmul(q.transpose());
        a = a.add(a.transpose()).muli(0.5);
        assertArrayEquals(new double[]{5, 3, 3, -1}, SymmetricEigen.values(a), 1e-12);
        SymmetricEigen.Decomposition d = SymmetricEigen.decompose(a);
        assertEquals(1.0, Math.abs(d.vectors().getColumn(0).mul(q.getColumn(0)).sumNumber().doubleValue()), 1e-12);
    }

    @Test
    void nonOrthonormalVectorsFailLoudly() {
        INDArray v = Nd4j.eye(3).castTo(DataType.DOUBLE);
        v.putScalar(0, 1, 0.01);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SymmetricEigen.checkOrthonormal(v));
        assertTrue(e.getMessage().contains("not orthonormal"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.values(Nd4j.zeros(2, 3)));
    }

    /** The O(n²) probe check inside decompose: passes orthonormal columns, fails a skewed or a rescaled column. */
    @Test
    void probeCheckCatchesNonOrthonormalColumns() {
        int n = 50;
        double[] v = SymmetricEigen.decompose(symmetric(n, 4)).vectors().transpose().dup('c').data().asDouble(); // column-major
        SymmetricEigen.checkOrthonormalColumns(v, n);
        double[] skewed = v.clone();
        skewed[3 * n + 7] += 1e-4; // one entry of one column
        assertThrows(IllegalStateException.class, () -> SymmetricEigen.checkOrthonormalColumns(skewed, n));
        double[] scaled = v.clone();
        for (int i = 0; i < n; i++) {
            scaled[10 * n + i] *= 1 + 1e-5;
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SymmetricEigen.checkOrthonormalColumns(scaled, n));
        assertTrue(e.getMessage().contains("not orthonormal"), e.getMessage());
    }
}
