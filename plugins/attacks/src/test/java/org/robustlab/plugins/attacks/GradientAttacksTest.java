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

    /** The attack's own one-budget method, image by image: what the batched per-image method must equal. */
    private static INDArray oneByOne(Attack a, LinearModel model, INDArray x, int[] labels, double[] eps) {
        INDArray out = x.castTo(DataType.DOUBLE).dup();
        for (int i = 0; i < eps.length; i++) {
            out.putRow(i, a.perturb(model, x.getRows(i), new int[]{labels[i]}, eps[i], new Random(5), org.robustlab.api.InputBox.PIXELS)
                    .castTo(DataType.DOUBLE));
        }
        return out;
    }

    @Test
    void aBudgetPerImageEqualsTheOneBudgetCallImageByImage() {
        int n = 60; // image by image is slow; 60 images cover both signs, the box and ε = 0
        INDArray xd = x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n), org.nd4j.linalg.indexing.NDArrayIndex.all())
                .castTo(DataType.DOUBLE);
        int[] y = java.util.Arrays.copyOf(labels, n);
        Random r = new Random(11);
        double[] eps = new double[n];
        for (int i = 0; i < n; i++) {
            eps[i] = Math.exp(Math.log(1e-3) + r.nextDouble() * Math.log(300)); // log-uniform in [1e-3, 0.3]
        }
        eps[0] = 0;
        List<Attack> deterministic = List.of(new FgsmAttack(), configure(new FgsmAttack(), Map.of("norm", "2")),
                configure(new PgdAttack(), Map.of("steps", 7)), configure(new PgdAttack(), Map.of("norm", "2", "steps", 7)),
                configure(new PgdAttack(), Map.of("steps", 5, "stepSize", 0.01, "clip", "end")));
        for (Attack a : deterministic) {
            INDArray batched = a.perturb(model, xd, y, eps, new Random(5), org.robustlab.api.InputBox.PIXELS);
            INDArray single = oneByOne(a, model, xd, y, eps);
            double diff = batched.castTo(DataType.DOUBLE).sub(single).amaxNumber().doubleValue();
            assertTrue(diff < 1e-9, a.name() + "/" + a.norm() + ": batched differs from one by one by " + diff);
            INDArray d = batched.castTo(DataType.DOUBLE).sub(xd);
            for (int i = 0; i < n; i++) {
                double size = "inf".equals(a.norm()) ? d.getRow(i).amaxNumber().doubleValue() : d.getRow(i).norm2Number().doubleValue();
                assertTrue(size <= eps[i] * (1 + 1e-9) + 1e-12, a.name() + " row " + i + ": " + size + " > " + eps[i]);
            }
        }
        // equal budgets give the one-budget call's bits exactly (same random draws too)
        double[] same = new double[N];
        java.util.Arrays.fill(same, 0.03);
        for (Attack a : List.of(configure(new PgdAttack(), Map.of("randomStart", true)), new RandomAttack(),
                configure(new PgdAttack(), Map.of("norm", "2", "randomStart", true)))) {
            INDArray batched = a.perturb(model, x, labels, same, new Random(9), org.robustlab.api.InputBox.PIXELS);
            INDArray scalar = a.perturb(model, x, labels, 0.03, new Random(9), org.robustlab.api.InputBox.PIXELS);
            assertEquals(scalar, batched, a.name());
        }
    }

    @Test
    void theApiDefaultGroupsEqualBudgetsIntoOneCall() {
        List<Double> calls = new java.util.ArrayList<>();
        Attack counting = new Attack() {
            public String name() {
                return "counting";
            }

            public String norm() {
                return "inf";
            }

            public INDArray perturb(org.robustlab.api.DifferentiableModel m, INDArray xs, int[] y, double eps, Random rng) {
                calls.add(eps);
                return xs.castTo(DataType.DOUBLE).addi(eps).castTo(xs.dataType());
            }
        };
        double[] eps = new double[N];
        for (int i = 0; i < N; i++) {
            eps[i] = (i % 3) * 0.01;
        }
        INDArray out = counting.perturb(model, x, labels, eps, new Random(1), org.robustlab.api.InputBox.PIXELS);
        assertEquals(List.of(0.0, 0.01, 0.02), calls);
        for (int i = 0; i < N; i++) {
            assertEquals(x.getDouble(i, 3) + eps[i], out.getDouble(i, 3), 1e-6);
        }
    }
}
