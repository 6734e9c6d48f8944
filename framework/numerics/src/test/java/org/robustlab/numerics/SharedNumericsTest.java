package org.robustlab.numerics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The host's shared numerics: sampling, white noise, cross-entropy and covariance. */
class SharedNumericsTest {
    @Test
    void permutationIsSeededAndUniformEnough() {
        int[] p = Sampling.permutation(1000, new Random(3));
        assertArrayEquals(p, Sampling.permutation(1000, new Random(3)));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
        // position of element 0 over many permutations of 10: each place about 1/10 of the time
        int[] place = new int[10];
        Random rng = new Random(4);
        for (int t = 0; t < 20000; t++) {
            int[] q = Sampling.permutation(10, rng);
            for (int i = 0; i < 10; i++) {
                if (q[i] == 0) {
                    place[i]++;
                }
            }
        }
        for (int c : place) {
            assertEquals(2000, c, 200);
        }
    }

    @Test
    void subsetAndResample() {
        int[] s = Sampling.subset(3072, 100, new Random(5));
        assertEquals(100, Arrays.stream(s).distinct().count());
        for (int i = 1; i < s.length; i++) {
            assertTrue(s[i] > s[i - 1]);
        }
        assertArrayEquals(Sampling.subset(50, 50, new Random(1)), java.util.stream.IntStream.range(0, 50).toArray());
        assertThrows(IllegalArgumentException.class, () -> Sampling.subset(5, 6, new Random(1)));
        int[] r = Sampling.resample(500, new Random(6));
        assertTrue(Arrays.stream(r).allMatch(i -> i >= 0 && i < 500));
        assertTrue(Arrays.stream(r).distinct().count() < 400, "with replacement: about 63% distinct");
        Random rng = new Random(6);
        for (int i : r) {
            assertEquals(rng.nextInt(500), i, "the draws are rng.nextInt(n) in order");
        }
    }

    @Test
    void whiteNoiseIsStandardNormalAndSeeded() {
        INDArray a = WhiteNoise.gaussian(400, 3072, new Random(7), DataType.DOUBLE);
        assertEquals(0, a.meanNumber().doubleValue(), 0.005); // sd of the mean: 1/sqrt(1.2e6) ≈ 0.0009
        assertEquals(1, a.stdNumber().doubleValue(), 0.005);
        assertEquals(a, WhiteNoise.gaussian(400, 3072, new Random(7), DataType.DOUBLE));
        assertNotEquals(a, WhiteNoise.gaussian(400, 3072, new Random(8), DataType.DOUBLE));
        assertEquals(a.mul(0.5), WhiteNoise.gaussian(400, 3072, 0.5, new Random(7), DataType.DOUBLE));
    }

    @Test
    void crossEntropyOfLargeLogitsAndItsGradient() {
        double[] z = {1000, 0, -1000, 1, 2, 3};
        double[] loss = new double[2];
        int[] arg = new int[2];
        double[] grad = new double[6];
        CrossEntropy.rows(z, 3, new int[]{1, 2}, loss, arg, grad);
        assertEquals(1000, loss[0], 1e-9); // −log softmax: 1000 − 0
        assertEquals(Math.log(Math.exp(-2) + Math.exp(-1) + 1), loss[1], 1e-12);
        assertArrayEquals(new int[]{0, 2}, arg);
        assertEquals(0, grad[0] + grad[1] + grad[2], 1e-12);
        assertEquals(-1, grad[1], 1e-12);
        // central differences of the second row's loss
        for (int j = 3; j < 6; j++) {
            double[] zp = z.clone();
            double[] zm = z.clone();
            zp[j] += 1e-6;
            zm[j] -= 1e-6;
            double[] lp = new double[2];
            double[] lm = new double[2];
            CrossEntropy.rows(zp, 3, new int[]{1, 2}, lp, null, null);
            CrossEntropy.rows(zm, 3, new int[]{1, 2}, lm, null, null);
            assertEquals((lp[1] - lm[1]) / 2e-6, grad[j], 1e-8);
        }
    }

    @Test
    void productsWithATransposedOperandEqualMmulOnRandomShapesAndViews() {
        Nd4j.getRandom().setSeed(17);
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double rel = type == DataType.DOUBLE ? 1e-13 : 1e-5;
            for (int[] s : new int[][]{{1, 1, 1}, {7, 3, 5}, {64, 200, 10}, {300, 17, 120}}) {
                INDArray a = Nd4j.randn(type, s[0], s[1]);
                INDArray b = Nd4j.randn(type, s[0], s[2]);
                assertClose(a.transpose().mmul(b), Products.transposedTimes(a, b), rel);
                INDArray c = Nd4j.randn(type, s[1], s[2]);
                INDArray d = Nd4j.randn(type, s[0], s[2]);
                assertClose(c.mmul(d.transpose()), Products.timesTransposed(c, d), rel);
                // views: every other row of a wider array, a transposed array
                INDArray wide = Nd4j.randn(type, 2 * s[0], s[1]);
                INDArray rows = wide.get(NDArrayIndex.interval(0, 2, 2 * s[0]), NDArrayIndex.all());
                assertClose(rows.transpose().mmul(b), Products.transposedTimes(rows, b), rel);
                INDArray t = Nd4j.randn(type, s[2], s[0]).transpose();
                assertClose(c.mmul(t.transpose()), Products.timesTransposed(c, t), rel);
                assertEquals(type, Products.timesTransposed(c, d).dataType());
            }
        }
    }

    /**
     * Gram matrices by dsyrk (float64 on the CPU backend: the fast path must be the one tested) equal the GEMM
     * products on random shapes and views, are exactly symmetric, and accumulate over chunks of rows.
     */
    @Test
    void gramMatricesEqualTheGemmProductsAndAccumulateOverChunks() {
        Nd4j.getRandom().setSeed(23);
        assertTrue(Products.syrkAvailable(Nd4j.zeros(DataType.DOUBLE, 2, 2)), "dsyrk runs on this backend");
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            double rel = type == DataType.DOUBLE ? 1e-13 : 1e-5;
            for (int[] s : new int[][]{{1, 1}, {7, 3}, {64, 200}, {300, 17}, {1001, 129}}) {
                INDArray a = Nd4j.randn(type, s[0], s[1]);
                INDArray gram = Products.gram(a);
                assertClose(a.transpose().mmul(a), gram, rel);
                assertEquals(gram, gram.transpose(), "exactly symmetric");
                INDArray rowGram = Products.rowGram(a);
                assertClose(a.mmul(a.transpose()), rowGram, rel);
                assertEquals(rowGram, rowGram.transpose());
                assertEquals(type, gram.dataType());
                INDArray wide = Nd4j.randn(type, 2 * s[0], s[1]);
                INDArray rows = wide.get(NDArrayIndex.interval(0, 2, 2 * s[0]), NDArrayIndex.all());
                assertClose(rows.transpose().mmul(rows), Products.gram(rows), rel);
            }
        }
        // three chunks into one array: β = 0, then 1, 1; the upper triangle accumulates, mirrored once
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2500, 40);
        INDArray acc = Nd4j.create(DataType.DOUBLE, 40, 40);
        for (int from = 0; from < 2500; from += 1000) {
            Products.addGramUpper(x.get(NDArrayIndex.interval(from, Math.min(2500, from + 1000)), NDArrayIndex.all()), acc,
                    from == 0 ? 0.0 : 1.0);
        }
        assertEquals(0.0, acc.getDouble(39, 0), "dsyrk leaves the lower triangle untouched");
        assertClose(x.transpose().mmul(x), Products.mirrorUpper(acc), 1e-13);
    }

    private static void assertClose(INDArray expected, INDArray actual, double rel) {
        assertArrayEquals(expected.shape(), actual.shape());
        double scale = Math.max(expected.castTo(DataType.DOUBLE).amaxNumber().doubleValue(), 1e-30);
        double err = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(err <= rel * scale, "max difference " + err + " for a maximum of " + scale);
    }

    @Test
    void streamedCovarianceEqualsTheTwoPassOne() {
        INDArray x = Nd4j.rand(9L, new long[]{2500, 12}).castTo(DataType.DOUBLE);
        INDArray twoPass = Covariance.ofRows(x);
        INDArray streamed = Covariance.ofRepresentation(x, r -> r.mul(1.0));
        assertTrue(twoPass.sub(streamed).amaxNumber().doubleValue() < 1e-12);
        assertEquals(twoPass, twoPass.transpose());
        // against the textbook formula for one entry
        double[] a = x.getColumn(2).toDoubleVector();
        double[] b = x.getColumn(5).toDoubleVector();
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - ma) * (b[i] - mb);
        }
        assertEquals(s / (a.length - 1), twoPass.getDouble(2, 5), 1e-12);
    }
}
