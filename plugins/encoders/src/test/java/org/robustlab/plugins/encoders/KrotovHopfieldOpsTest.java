package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The fast KH step against the dense oracle on random inputs, a few hundred steps. */
class KrotovHopfieldOpsTest {
    private static double maxRelative(INDArray a, INDArray b) {
        double scale = Math.max(a.amaxNumber().doubleValue(), 1e-30);
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue() / scale;
    }

    @ParameterizedTest
    @CsvSource({"FLOAT,1e-5,3,2,false", "DOUBLE,1e-10,3,2,false", "DOUBLE,1e-10,4.5,3,false", "FLOAT,1e-5,2,5,false",
            "FLOAT,1e-5,3,2,true", "DOUBLE,1e-10,3,2,true", "FLOAT,1e-5,4.5,3,false"})
    void sparseMatchesDenseOverManySteps(DataType type, double tolerance, double p, int k, boolean sharedWorkspace) {
        Random rng = new Random(11);
        int h = 40;
        int d = 30;
        int b = 16;
        INDArray s0 = Init.gaussian(h, d, 1, rng, type);
        INDArray sDense = s0.dup('c');
        INDArray sFast = s0.dup('c');
        KrotovHopfieldOps.Rule rule = new KrotovHopfieldOps.Rule(p, k, 0.4);
        INDArray wDense = KrotovHopfieldOps.effective(sDense, p).dup('c');
        INDArray wFast = wDense.dup('c');
        int steps = 300;
        // One workspace for every step, as the encoder does: its row buffers hold the previous batch's rows.
        KrotovHopfieldOps.Workspace ws = sharedWorkspace ? new KrotovHopfieldOps.Workspace(b, h, d, type) : null;
        for (int step = 0; step < steps; step++) {
            INDArray x = Init.uniform(b, d, 1, rng, type);
            double eps = 0.02 * (1 - (double) step / steps);
            KrotovHopfieldOps.denseStep(sDense, wDense, x, rule, eps);
            KrotovHopfieldOps.sparseStep(sFast, wFast, x, rule, eps, ws);
        }
        assertTrue(maxRelative(sDense, sFast) <= tolerance, "S differs by " + maxRelative(sDense, sFast));
        assertTrue(maxRelative(wDense, wFast) <= tolerance, "W differs by " + maxRelative(wDense, wFast));
        assertTrue(maxRelative(s0, sDense) > 0.01, "the rule changed S");
    }

    @Test
    void topKBreaksTiesByLowerIndex() {
        int[] out = new int[2];
        KrotovHopfieldOps.topK(new double[]{1, 5, 5, 3, 5}, 0, 5, out);
        assertArrayEquals(new int[]{1, 2}, out);
        int[][] sorted = KrotovHopfieldOps.rankBySorting(Nd4j.createFromArray(new double[][]{{1, 5, 5, 3, 5}}), 2);
        assertArrayEquals(new int[]{1, 2}, sorted[0]);
        KrotovHopfieldOps.topK(new double[]{9, 0, 4, 1, 2, 4, 8}, 2, 5, out); // window {4,1,2,4,8}
        assertArrayEquals(new int[]{4, 0}, out);
        int[] three = new int[3];
        KrotovHopfieldOps.topK(new double[]{2, 2, 2, 2}, 0, 4, three);
        assertArrayEquals(new int[]{0, 1, 2}, three);
    }

    @Test
    void floatTopKAgreesWithDoubleTopKIncludingTies() {
        Random rng = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + rng.nextInt(60);
            float[] f = new float[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                f[i] = rng.nextInt(8) - 4 + (rng.nextBoolean() ? 0.5f : 0f); // few distinct values: many ties
                v[i] = f[i];
            }
            int[] a = new int[Math.min(n, 1 + rng.nextInt(4))];
            int[] c = new int[a.length];
            KrotovHopfieldOps.topK(f, n, a);
            KrotovHopfieldOps.topK(v, 0, n, c);
            assertArrayEquals(c, a, "trial " + trial);
        }
    }

    @Test
    void oneStepByHandForASingleSample() {
        // S = [[1,0],[0,1],[0.5,0.5]], p = 2 so W = S; x = [2, 1]: I = [2, 1, 1.5]; winner 0, 2nd unit 2 (g = -0.5)
        INDArray s = Nd4j.createFromArray(new double[][]{{1, 0}, {0, 1}, {0.5, 0.5}});
        INDArray w = s.dup();
        INDArray x = Nd4j.createFromArray(new double[][]{{2, 1}});
        KrotovHopfieldOps.sparseStep(s, w, x, new KrotovHopfieldOps.Rule(2, 2, 0.5), 0.1);
        // xx = [2, 0, -0.75]; dS0 = x - 2*S0 = [0, 1]; dS2 = -0.5x + 0.75*S2 = [-0.625, -0.125]; max|dS| = 1
        assertTrue(s.equalsWithEps(Nd4j.createFromArray(new double[][]{{1, 0.1}, {0, 1}, {0.4375, 0.4875}}), 1e-12), s.toString());
        assertTrue(w.equalsWithEps(s, 1e-12));
    }
}
