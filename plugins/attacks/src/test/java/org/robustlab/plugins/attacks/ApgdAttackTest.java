package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;

class ApgdAttackTest {
    static final int D = 32;
    static final int N = 150;

    @Test
    void checkpointsFollowTheAutoAttackSchedule() {
        // autopgd_base.py with n_iter = 100: n_iter_2 = 22, size_decr = 3, n_iter_min = 6
        List<Integer> at = new ArrayList<>();
        boolean[] c = ApgdAttack.checkpoints(100);
        for (int k = 0; k < c.length; k++) {
            if (c[k]) {
                at.add(k);
            }
        }
        assertEquals(List.of(22, 41, 57, 70, 80, 87, 93, 99), at);
    }

    @Test
    void tanhMlpGradientMatchesFiniteDifferencesInFloat64() {
        TanhMlp m = new TanhMlp(3, 6, 5, 3, 1.5, DataType.DOUBLE);
        INDArray x = Nd4j.rand(new Random(1).nextLong(), new long[]{4, 6}).castTo(DataType.DOUBLE);
        int[] y = {0, 1, 2, 1};
        INDArray g = m.lossInputGradient(x, y);
        double h = 1e-6;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 6; j++) {
                INDArray plus = x.dup();
                plus.putScalar(i, j, x.getDouble(i, j) + h);
                INDArray minus = x.dup();
                minus.putScalar(i, j, x.getDouble(i, j) - h);
                double fd = (ce(m, plus, y)[i] - ce(m, minus, y)[i]) / (2 * h);
                assertEquals(fd, g.getDouble(i, j), 1e-7 * Math.max(1, Math.abs(fd)), "d/dx[" + i + "," + j + "]");
            }
        }
    }

    private static double[] ce(DifferentiableModel m, INDArray x, int[] y) {
        return Steps.loss(m, x, y, DataType.DOUBLE).crossEntropy();
    }

    private static double success(Attack a, DifferentiableModel m, INDArray x, int[] y, double eps) {
        int[] pred = m.predict(a.perturb(m, x, y, eps, new Random(4), InputBox.PIXELS));
        int fooled = 0;
        for (int i = 0; i < y.length; i++) {
            fooled += pred[i] != y[i] ? 1 : 0;
        }
        return (double) fooled / y.length;
    }

    @Test
    void neverWeakerThanPgdAtTheSameBudgetOnLinearAndMlpModels() {
        INDArray x = Nd4j.rand(new Random(8).nextLong(), new long[]{N, D}).castTo(DataType.FLOAT);
        List<DifferentiableModel> models = List.of(
                new LinearModel(Nd4j.randn(new Random(2).nextLong(), new long[]{4, D}), Nd4j.zeros(DataType.DOUBLE, 4)),
                new TanhMlp(5, D, 24, 4, 3, DataType.DOUBLE));
        for (DifferentiableModel m : models) {
            int[] y = m.predict(x);
            for (String norm : List.of("inf", "2")) {
                Attack apgd = GradientAttacksTest.configure(new ApgdAttack(), Map.of("norm", norm, "steps", 25));
                Attack pgd = GradientAttacksTest.configure(new PgdAttack(), Map.of("norm", norm, "steps", 25));
                Attack pgd10 = GradientAttacksTest.configure(new PgdAttack(), Map.of("norm", norm, "steps", 10));
                double scale = "inf".equals(norm) ? 1 : Math.sqrt(D);
                boolean someBetween = false;
                for (double e : new double[]{0.01, 0.02, 0.04}) {
                    double eps = e * scale;
                    double a = success(apgd, m, x, y, eps);
                    double p = success(pgd, m, x, y, eps);
                    double p10 = success(pgd10, m, x, y, eps);
                    String what = m.name() + " L" + norm + " eps " + eps + ": apgd " + a + " pgd-25 " + p + " pgd-10 " + p10;
                    assertTrue(a >= p && a >= p10, what);
                    someBetween |= a > 0 && a < 1;
                }
                assertTrue(someBetween, m.name() + " L" + norm + ": the budgets must not all be trivial");
            }
        }
    }

    @Test
    void staysInBallAndBoxWithABudgetPerImage() {
        INDArray x = Nd4j.rand(new Random(9).nextLong(), new long[]{40, D}).castTo(DataType.FLOAT);
        TanhMlp m = new TanhMlp(5, D, 24, 4, 3, DataType.DOUBLE);
        int[] y = m.predict(x);
        double[] eps = new double[40];
        for (int i = 0; i < 40; i++) {
            eps[i] = 0.001 * Math.pow(1.2, i);
        }
        for (String norm : List.of("inf", "2")) {
            Attack a = GradientAttacksTest.configure(new ApgdAttack(), Map.of("norm", norm, "steps", 12, "restarts", 1));
            INDArray adv = a.perturb(m, x, y, eps, new Random(1), InputBox.PIXELS);
            assertEquals(DataType.FLOAT, adv.dataType());
            INDArray d = adv.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
            for (int i = 0; i < 40; i++) {
                double size = "inf".equals(norm) ? d.getRow(i).amaxNumber().doubleValue() : d.getRow(i).norm2Number().doubleValue();
                assertTrue(size <= eps[i] * (1 + 1e-6) + 1e-7, norm + " row " + i + ": " + size + " > " + eps[i]);
            }
            assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1);
            // reproducible: the same seed gives the same points
            assertArrayEquals(adv.toFloatMatrix(), a.perturb(m, x, y, eps, new Random(1), InputBox.PIXELS).toFloatMatrix());
        }
        assertEquals(24, GradientAttacksTest.configure(new ApgdAttack(), Map.of("steps", 12, "restarts", 1)).gradientEvaluations());
    }
}
