package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class SpectraTest {
    @Test
    void gramRouteEqualsCovarianceRouteWhenSamplesAreFew() {
        INDArray x = CkaTest.gaussian(20, 50, 1).mmul(CkaTest.gaussian(50, 50, 2));
        double[] viaGram = Spectra.eigenvalues(x); // N < D
        double[] viaCov = Spectra.symmetricEigenvalues(Spectra.covariance(x));
        assertEquals(50, viaGram.length);
        for (int i = 0; i < 50; i++) {
            assertEquals(viaCov[i], viaGram[i], 1e-9 * viaCov[0], "eigenvalue " + (i + 1));
        }
        for (int i = 1; i < 50; i++) {
            assertEquals(true, viaGram[i] <= viaGram[i - 1]);
        }
    }

    @Test
    void knownCovarianceAndBlocks() {
        // Independent columns with variances 9, 4, 1: the eigenvalues are the variances (in the limit).
        Random rng = new Random(3);
        double[][] rows = new double[40000][3];
        for (double[] r : rows) {
            r[0] = 3 * rng.nextGaussian();
            r[1] = 2 * rng.nextGaussian() + 10;
            r[2] = rng.nextGaussian();
        }
        INDArray x = org.nd4j.linalg.factory.Nd4j.createFromArray(rows);
        double[] ev = Spectra.eigenvalues(x);
        assertArrayEquals(new double[]{9, 4, 1}, ev, 0.15);
        assertArrayEquals(new double[]{9, 4}, Spectra.eigenvalues(x.getColumns(0, 1)), 0.15);
        assertArrayEquals(new double[]{4, 1}, Spectra.eigenvalues(x.getColumns(1, 2)), 0.1);
        assertArrayEquals(new double[]{1, 4.0 / 9, 1.0 / 9}, Spectra.normalised(ev), 0.03);
    }
}
