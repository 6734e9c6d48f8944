package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CkaTest {
    static INDArray gaussian(int rows, int cols, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{rows, cols}, DataType.DOUBLE);
    }

    @Test
    void handComputedOneDimensionalCase() {
        // For one feature, linear CKA is the squared correlation: x = 1..4, y = x², r² = 25²/(5·129).
        INDArray x = Nd4j.createFromArray(1.0, 2, 3, 4).reshape(4, 1);
        INDArray y = Nd4j.createFromArray(1.0, 4, 9, 16).reshape(4, 1);
        assertEquals(125.0 / 129.0, Cka.linear(x, y), 1e-14);
    }

    @Test
    void invariantToOrthogonalMapsAndIsotropicScaling() {
        INDArray x = gaussian(50, 8, 1);
        INDArray q = PowerLawFitTest.randomOrthogonal(8, new Random(2));
        assertEquals(1.0, Cka.linear(x, x.mmul(q)), 1e-12);
        assertEquals(1.0, Cka.linear(x, x.mul(3.7)), 1e-12);
        assertEquals(1.0, Cka.linear(x, x.mmul(q).muli(0.01).addi(5)), 1e-12); // and to translation
        INDArray big = gaussian(400, 8, 3);
        assertEquals(1.0, Cka.linear(big, big.mmul(q).mul(2)), 1e-12); // feature form (N > widths)
        assertEquals(1.0, Cka.unbiasedMinibatch(big, big.mmul(q).mul(2), 64), 1e-12);
        INDArray other = gaussian(50, 8, 4);
        assertTrue(Cka.linear(x, other) < 0.5, "unrelated representations");
    }

    @Test
    void gramAndFeatureFormsAgree() {
        INDArray x = gaussian(30, 5, 5);
        INDArray y = x.mmul(gaussian(5, 7, 6)).add(gaussian(30, 7, 7).mul(0.5));
        double gram = Cka.fromCentredGrams(Cka.centredGram(x), Cka.centredGram(y));
        INDArray xc = Spectra.centred(x), yc = Spectra.centred(y);
        double cross = Math.pow(yc.transpose().mmul(xc).norm2Number().doubleValue(), 2);
        double feature = cross / (xc.transpose().mmul(xc).norm2Number().doubleValue()
                * yc.transpose().mmul(yc).norm2Number().doubleValue());
        assertEquals(feature, gram, 1e-12);
        assertEquals(feature, Cka.linear(x, y), 1e-12);
        int[] identity = new int[30];
        for (int i = 0; i < 30; i++) {
            identity[i] = i;
        }
        assertEquals(feature, Cka.linearResampled(x.mmul(x.transpose()).toDoubleMatrix(),
                y.mmul(y.transpose()).toDoubleMatrix(), identity), 1e-12);
    }

    @Test
    void resampledCkaEqualsCkaOfTheResampledRows() {
        INDArray x = gaussian(40, 6, 8);
        INDArray y = x.mmul(gaussian(6, 6, 9)).add(gaussian(40, 6, 10));
        int[] idx = new int[40];
        Random rng = new Random(11);
        for (int i = 0; i < 40; i++) {
            idx[i] = rng.nextInt(40);
        }
        double expected = Cka.linear(x.getRows(idx), y.getRows(idx));
        assertEquals(expected, Cka.linearResampled(x.mmul(x.transpose()).toDoubleMatrix(),
                y.mmul(y.transpose()).toDoubleMatrix(), idx), 1e-12);
    }

    @Test
    void unbiasedEstimatorRemovesTheHighDimensionalBias() {
        // Independent wide representations: biased linear CKA is far from 0, the unbiased one is not.
        INDArray x = gaussian(200, 2000, 12);
        INDArray y = gaussian(200, 2000, 13);
        double biased = Cka.linear(x, y);
        double unbiased = Cka.unbiasedMinibatch(x, y, 200);
        assertTrue(biased > 0.5, "biased CKA of independent wide data " + biased);
        assertTrue(Math.abs(unbiased) < 0.05, "unbiased CKA " + unbiased);
    }

    @Test
    void unbiasedHsicMatchesItsDefinitionOnASmallCase() {
        // Brute-force the U-statistic form of HSIC₁ (Song et al. 2012, eq. 5) over all index tuples.
        INDArray x = gaussian(6, 2, 14);
        INDArray y = gaussian(6, 3, 15);
        double[][] k = x.mmul(x.transpose()).toDoubleMatrix();
        double[][] l = y.mmul(y.transpose()).toDoubleMatrix();
        int n = 6;
        double a = 0, b = 0, c = 0;
        long pairs = 0, triples = 0, quads = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    continue;
                }
                a += k[i][j] * l[i][j];
                pairs++;
                for (int q = 0; q < n; q++) {
                    if (q == i || q == j) {
                        continue;
                    }
                    b += k[i][j] * l[i][q];
                    triples++;
                    for (int r = 0; r < n; r++) {
                        if (r == i || r == j || r == q) {
                            continue;
                        }
                        c += k[i][j] * l[q][r];
                        quads++;
                    }
                }
            }
        }
        double expected = a / pairs - 2 * b / triples + c / quads;
        assertEquals(expected, Cka.unbiasedHsic(k, l), 1e-10 * Math.max(1, Math.abs(expected)));
    }
}
