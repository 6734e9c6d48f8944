package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Attack;
import org.robustlab.core.params.Params;

class GradientAttacksTest {
    static final int D = 48;
    static final int N = 200;

    /** A random linear 3-class model and inputs it classifies correctly (labels = its predictions). */
    final LinearModel model = new LinearModel(Nd4j.randn(new Random(1).nextLong(), new long[]{3, D}).castTo(DataType.DOUBLE),
            Nd4j.zeros(DataType.DOUBLE, 3));
    final INDArray x = Nd4j.rand(DataType.FLOAT, N, D);
    final int[] labels = model.predict(x);

    static <T extends Attack> T configure(T attack, Map<String, Object> args) {
        Params.bind(attack, attack.name(), args, null);
        return attack;
    }

    private double successRate(Attack a, double eps) {
        int[] pred = model.predict(a.perturb(model, x, labels, eps, new Random(3)));
        int fooled = 0;
        for (int i = 0; i < N; i++) {
            fooled += pred[i] != labels[i] ? 1 : 0;
        }
        return (double) fooled / N;
    }

    @Test
    void everyAttackRespectsBallAndBox() {
        List<Attack> attacks = List.of(configure(new FgsmAttack(), Map.of()), configure(new FgsmAttack(), Map.of("norm", "2")),
                configure(new PgdAttack(), Map.of()), configure(new PgdAttack(), Map.of("norm", "2")),
                configure(new PgdAttack(), Map.of("randomStart", true, "restarts", 2)),
                configure(new PgdAttack(), Map.of("norm", "2", "randomStart", true, "restarts", 1)), new RandomAttack());
        for (Attack a : attacks) {
            for (double eps : new double[]{0, 1e-4, 0.03, 0.3, 3}) {
                INDArray adv = a.perturb(model, x, labels, eps, new Random(2));
                INDArray d = adv.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
                double size = "inf".equals(a.norm()) ? d.amaxNumber().doubleValue() : d.norm2(1).maxNumber().doubleValue();
                String what = a.name() + "/" + a.norm() + " eps " + eps;
                assertTrue(size <= eps * (1 + 1e-6) + 1e-7, what + ": perturbation " + size);
                assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1, what + " leaves the box");
                assertEquals(x.dataType(), adv.dataType());
            }
        }
    }

    @Test
    void fgsmIsASignStepOfExactlyEpsilonAwayFromTheBox() {
        INDArray mid = x.mul(0.5).addi(0.25); // pixels in [0.25, 0.75]
        int[] y = model.predict(mid);
        INDArray adv = new FgsmAttack().perturb(model, mid, y, 0.01, new Random(1));
        INDArray expected = mid.castTo(DataType.DOUBLE).add(org.nd4j.linalg.ops.transforms.Transforms.sign(
                model.lossInputGradient(mid, y), false).muli(0.01));
        assertTrue(expected.castTo(DataType.FLOAT).equalsWithEps(adv, 1e-7));
    }

    @Test
    void pgdBeatsFgsmBeatsRandomAndIsMonotone() {
        Attack pgd = configure(new PgdAttack(), Map.of("steps", 20));
        Attack fgsm = new FgsmAttack();
        double previous = -1;
        for (double eps : new double[]{0.005, 0.01, 0.02, 0.05, 0.1}) {
            double p = successRate(pgd, eps);
            double f = successRate(fgsm, eps);
            double r = successRate(new RandomAttack(), eps * Math.sqrt(D)); // same L2 length as the Linf corner
            assertTrue(p >= f && f >= r, "eps " + eps + ": pgd " + p + " fgsm " + f + " random " + r);
            assertTrue(p >= previous, "pgd success not monotone at eps " + eps);
            previous = p;
        }
        assertEquals(1.0, successRate(pgd, 0.5), "PGD at a large budget fools every image of a linear model");
    }

    @Test
    void gradientEvaluationsAreCounted() {
        assertEquals(30, configure(new PgdAttack(), Map.of("steps", 10, "restarts", 2)).gradientEvaluations());
        assertEquals(1, new FgsmAttack().gradientEvaluations());
    }
}
