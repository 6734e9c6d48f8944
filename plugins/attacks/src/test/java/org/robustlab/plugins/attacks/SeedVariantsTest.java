package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed code's attack variants (holzhauk/LocalLearning, src/LocalLearning/Attacks.py) on a 3-pixel, 2-class linear
 * model whose loss gradient for label 1 always points along W0 − W1 = (1, 3, −2): every expected value below is
 * worked out by hand from that direction.
 */
class SeedVariantsTest {
    /** logits = W x, W = [[1, 2, −1], [0, −1, 1]]: for label 1, ∂CE/∂x = p0 (W0 − W1) = p0 (1, 3, −2). */
    static final LinearModel MODEL = new LinearModel(Nd4j.createFromArray(new double[][]{{1, 2, -1}, {0, -1, 1}}),
            Nd4j.zeros(DataType.DOUBLE, 2));
    static final int[] LABEL = {1};

    private static double[] pgd(Map<String, Object> args, double[] x, double eps) {
        PgdAttack a = GradientAttacksTest.configure(new PgdAttack(), args);
        INDArray in = Nd4j.createFromArray(new double[][]{x});
        return a.perturb(MODEL, in, LABEL, eps, new Random(1)).toDoubleVector();
    }

    @Test
    void seedPgdTakesFixedStepsOfStepSize() {
        Map<String, Object> seed = Map.of("steps", 2, "stepSize", 0.01, "clip", "end");
        // sign of the gradient (1, 3, −2) is (+, +, −): two steps of 0.01
        assertArrayEquals(new double[]{0.52, 0.22, 0.88}, pgd(seed, new double[]{0.5, 0.2, 0.9}, 0.05), 1e-12);
        // ε below the step size: α = 0.1·ε = 0.0005
        assertArrayEquals(new double[]{0.501, 0.201, 0.899}, pgd(seed, new double[]{0.5, 0.2, 0.9}, 0.005), 1e-12);
        // 20 steps of 0.01 are projected onto the L∞ ball of 0.05 every step
        assertArrayEquals(new double[]{0.55, 0.25, 0.85}, pgd(Map.of("steps", 20, "stepSize", 0.01, "clip", "end"),
                new double[]{0.5, 0.2, 0.9}, 0.05), 1e-12);
        // the default step: 2.5·ε/steps = 0.0625 per step, projected to 0.05
        assertArrayEquals(new double[]{0.55, 0.25, 0.85}, pgd(Map.of("steps", 2), new double[]{0.5, 0.2, 0.9}, 0.05), 1e-12);
    }

    @Test
    void clipAtTheEndDiffersFromClipEveryStepWhereTheBoxBinds() {
        // L2, direction u = (1, 3, −2)/√14, 4 steps of 0.05 in a ball of 0.1, pixel 2 starts at 0.995
        double[] x = {0.5, 0.995, 0.5};
        // clip once at the end: the iterate runs to x + 0.1 u, then pixel 2 is clipped to 1
        assertArrayEquals(new double[]{0.52672612, 1, 0.44654775},
                pgd(Map.of("steps", 4, "stepSize", 0.05, "norm", "2", "clip", "end"), x, 0.1), 1e-8);
        // clip every step: the clipped pixel leaves room in the ball for the others
        assertArrayEquals(new double[]{0.54182956, 1, 0.41634088},
                pgd(Map.of("steps", 4, "stepSize", 0.05, "norm", "2", "clip", "step"), x, 0.1), 1e-8);
    }

    @Test
    void seedPgdRespectsTheBallEveryStepAndTheBoxAtTheEnd() {
        PgdAttack a = GradientAttacksTest.configure(new PgdAttack(), Map.of("steps", 20, "stepSize", 0.01, "clip", "end"));
        INDArray x = Nd4j.rand(DataType.DOUBLE, 50, 3);
        int[] y = new int[50];
        java.util.Arrays.fill(y, 1);
        for (double eps : new double[]{1e-3, 0.02, 0.3, 2}) {
            INDArray adv = a.perturb(MODEL, x, y, eps, new Random(2));
            assertTrue(adv.sub(x).amaxNumber().doubleValue() <= eps + 1e-12, "L∞ ball, eps " + eps);
            assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, "box, eps " + eps);
        }
        assertEquals(20, a.gradientEvaluations());
    }

    @Test
    void seedRandomNoiseIsUnnormalisedAndUnclipped() {
        RandomAttack seed = GradientAttacksTest.configure(new RandomAttack(), Map.of("normalize", false, "clip", false));
        INDArray x = Nd4j.createFromArray(new double[][]{{0.99, 0.01, 0.5}, {0.2, 0.3, 0.4}});
        double eps = 0.5;
        Random z = new Random(7);
        double[] expected = new double[6];
        double[] xs = x.reshape(6).toDoubleVector();
        for (int i = 0; i < 6; i++) {
            expected[i] = xs[i] + eps * z.nextGaussian(); // x̂ + ε·N(0, I)
        }
        INDArray adv = seed.perturb(MODEL, x, LABEL, eps, new Random(7));
        assertArrayEquals(expected, adv.reshape(6).toDoubleVector(), 1e-12);
        assertTrue(adv.maxNumber().doubleValue() > 1 || adv.minNumber().doubleValue() < 0, "not clipped: " + adv);

        // the default stays a unit direction times ε, clipped
        INDArray unit = new RandomAttack().perturb(MODEL, x.mul(0.5).addi(0.25), LABEL, 0.01, new Random(7));
        assertEquals(0.01, unit.sub(x.mul(0.5).addi(0.25)).norm2(1).getDouble(0), 1e-12);
    }
}
