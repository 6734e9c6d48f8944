package org.robustlab.core.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.Attack;
import org.robustlab.api.AttackOutcome;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.StudyContext;
import org.robustlab.core.testkit.TestContexts;

/** Each indicator fires on a model or attack built to trigger it, and passes on one that must pass. */
class AttackIndicatorsTest {
    @TempDir
    Path dir;

    static final double[][] M = {{1, -1, 0.5, 0.2}, {-1, 1, -0.3, 0.5}};

    /**
     * Two-class linear logits scale·x·Mᵀ with the exact cross-entropy input gradient, computed in float32 when
     * {@code float32}: at scale 1000 the softmax saturates and the gradient is exactly zero on all but the images
     * closest to the boundary (gradient masking by construction), while the decision function is the plain one's.
     */
    static final class Linear implements DifferentiableModel {
        final double scale;
        final boolean float32;
        final INDArray m = Nd4j.createFromArray(M);

        Linear(double scale, boolean float32) {
            this.scale = scale;
            this.float32 = float32;
        }

        public String name() {
            return "linear-" + scale;
        }

        public int inputSize() {
            return 4;
        }

        public int hiddenSize() {
            return 4;
        }

        public int numClasses() {
            return 2;
        }

        public INDArray logits(INDArray x) {
            return x.castTo(DataType.DOUBLE).mmul(m.transpose()).muli(scale);
        }

        public INDArray hidden(INDArray x) {
            return x.castTo(DataType.DOUBLE);
        }

        public INDArray lossInputGradient(INDArray x, int[] labels) {
            DataType t = float32 ? DataType.FLOAT : DataType.DOUBLE;
            INDArray l = x.castTo(t).mmul(m.castTo(t).transpose()).muli(scale);
            INDArray e = Transforms.exp(l.subColumnVector(l.max(1).reshape(l.rows(), 1)), false);
            INDArray p = e.diviColumnVector(e.sum(1).reshape(e.rows(), 1));
            for (int i = 0; i < labels.length; i++) {
                p.putScalar(i, labels[i], p.getDouble(i, labels[i]) - 1);
            }
            return p.mmul(m.castTo(t)).muli(scale).castTo(DataType.DOUBLE);
        }

        public INDArray representationInputGradient(INDArray x, INDArray target) {
            return x.castTo(DataType.DOUBLE).sub(target);
        }

        public INDArray jacobianFrobeniusNorm(INDArray x) {
            return Nd4j.ones(DataType.DOUBLE, x.rows());
        }
    }

    /** steps sign steps of stepFraction·ε (times direction: −1 walks the wrong way), projected and clipped. */
    static final class IteratedSign implements Attack {
        final int steps;
        final double stepFraction;
        final double direction;

        IteratedSign(int steps, double stepFraction, double direction) {
            this.steps = steps;
            this.stepFraction = stepFraction;
            this.direction = direction;
        }

        public String name() {
            return "sign" + steps;
        }

        public String norm() {
            return "inf";
        }

        public int gradientEvaluations() {
            return steps;
        }

        public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double eps, Random rng) {
            INDArray x0 = x.castTo(DataType.DOUBLE);
            INDArray adv = x0.dup();
            for (int s = 0; s < steps; s++) {
                adv.addi(Transforms.sign(model.lossInputGradient(adv, labels), false).muli(direction * stepFraction * eps));
                INDArray d = Transforms.min(Transforms.max(adv.sub(x0), -eps, false), eps, false);
                adv = Transforms.min(Transforms.max(x0.add(d), 0.0, false), 1.0, false);
            }
            return adv.castTo(x.dataType());
        }
    }

    static Dataset data(int n) {
        INDArray x = Nd4j.rand(new Random(12).nextLong(), new long[]{n, 4}).castTo(DataType.DOUBLE);
        int[] labels = new Linear(1, false).predict(x);
        return new Dataset("lin", x, labels, List.of("a", "b"), new int[]{1, 2, 2}, Map.of());
    }

    static final double[] GRID = EpsilonGrid.logspace(1e-3, 0.5, 12);

    /** The attack's outcome from a sweep, as the runner would record it. */
    static AttackIndicators.Subject subject(DifferentiableModel model, Attack attack, Attack strengthened, Dataset test,
                                            StudyContext ctx) {
        RobustnessSweep.Result r = RobustnessSweep.run(model, attack, test, GRID, RobustnessSweep.Extension.NONE,
                attack.name(), ctx, null);
        int n = r.critical().size();
        int[] index = new int[n];
        double[] crit = new double[n];
        double[] dist = new double[n];
        boolean[] cens = new boolean[n];
        double[] lower = new double[n];
        for (int i = 0; i < n; i++) {
            CriticalDistance c = r.critical().get(i);
            index[i] = c.index();
            crit[i] = c.criticalEpsilon();
            dist[i] = c.distance();
            cens[i] = c.censored();
            lower[i] = c.censored() ? c.criticalEpsilon() : MinimalEpsilonSearch.below(GRID, c.criticalEpsilon());
        }
        double[] rel = r.points().stream().mapToDouble(RobustnessSweep.Point::relativeAccuracy).toArray();
        return new AttackIndicators.Subject(attack.name(), attack, strengthened, new AttackOutcome(model.name(), attack.name(),
                "inf", "pixel", GRID, rel, index, crit, dist, cens, lower, List.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> indicator(Map<String, Object> result, String name) {
        return (Map<String, Object>) ((Map<String, Object>) result.get("indicators")).get(name);
    }

    @Test
    void aSoundAttackOnAPlainModelPassesEveryIndicator() {
        StudyContext ctx = TestContexts.quiet(1, DataType.DOUBLE, dir);
        Dataset test = data(300);
        Linear model = new Linear(1, false);
        AttackIndicators.Subject pgd = subject(model, new IteratedSign(10, 0.25, 1), new IteratedSign(20, 0.25, 1), test, ctx);
        AttackIndicators.Subject fgsm = subject(model, new IteratedSign(1, 1, 1), null, test, ctx);
        Map<String, Object> r = AttackIndicators.evaluate(model, test, InputBox.PIXELS, pgd, List.of(fgsm),
                Map.of("twin", new Linear(1.01, false)), 150, "pgd", ctx);
        assertEquals(List.of(), r.get("fired"), r.toString());
        for (String name : List.of("unboundedSuccess", "ordering", "gradients", "nonConverged", "transfer")) {
            assertEquals("passed", indicator(r, name).get("status"), name + ": " + r);
        }
        assertEquals(0, indicator(r, "unboundedSuccess").get("notFooled"));
    }

    @Test
    void aSaturatedModelFiresUnboundedSuccessGradientsAndTransfer() {
        StudyContext ctx = TestContexts.quiet(1, DataType.DOUBLE, dir);
        Dataset test = data(300);
        Linear masked = new Linear(1000, true); // same decisions as Linear(1), float32 gradients vanish
        AttackIndicators.Subject pgd = subject(masked, new IteratedSign(10, 0.25, 1), new IteratedSign(20, 0.25, 1), test, ctx);
        Map<String, Object> r = AttackIndicators.evaluate(masked, test, InputBox.PIXELS, pgd, List.of(),
                Map.of("plain", new Linear(1, false)), 150, "pgd", ctx);
        List<?> fired = (List<?>) r.get("fired");
        assertTrue(fired.containsAll(List.of("unboundedSuccess", "gradients", "transfer")), r.toString());
        Map<String, Object> unbounded = indicator(r, "unboundedSuccess");
        assertEquals(1.0, (double) unbounded.get("epsilon"));
        assertTrue((int) unbounded.get("notFooled") > 100, unbounded.toString());
        Map<?, ?> clean = (Map<?, ?>) indicator(r, "gradients").get("clean");
        assertTrue((double) clean.get("fraction") > 0.5, clean.toString());
        Map<String, Object> transfer = indicator(r, "transfer");
        assertTrue((double) ((Map<?, ?>) transfer.get("transferSuccess")).get("plain")
                > (double) transfer.get("whiteBoxSuccess") + 0.2, transfer.toString());
        assertEquals("not applicable", indicator(r, "ordering").get("status"));
    }

    @Test
    void aBrokenStrongAttackFiresOrderingAndAShortOneFiresNonConverged() {
        StudyContext ctx = TestContexts.quiet(1, DataType.DOUBLE, dir);
        Dataset test = data(300);
        Linear model = new Linear(1, false);
        AttackIndicators.Subject fgsm = subject(model, new IteratedSign(1, 1, 1), null, test, ctx);
        // ten steps the wrong way: "stronger" by its cost, weaker than one step in fact
        AttackIndicators.Subject wrong = subject(model, new IteratedSign(10, 0.25, -1), null, test, ctx);
        Map<String, Object> r = AttackIndicators.evaluate(model, test, InputBox.PIXELS, wrong, List.of(fgsm), Map.of(), 150,
                "wrong", ctx);
        Map<String, Object> ordering = indicator(r, "ordering");
        assertEquals("fired", ordering.get("status"), ordering.toString());
        assertTrue((int) ordering.get("violations") > 3, ordering.toString());
        // the weaker attack itself is not judged against the stronger one
        Map<String, Object> r2 = AttackIndicators.evaluate(model, test, InputBox.PIXELS, fgsm, List.of(wrong), Map.of(), 150,
                "fgsm", ctx);
        assertEquals("not applicable", indicator(r2, "ordering").get("status"));

        // steps of ε/20: five steps reach only a quarter of the budget, ten reach half
        AttackIndicators.Subject shortPgd = subject(model, new IteratedSign(5, 0.05, 1), new IteratedSign(10, 0.05, 1), test, ctx);
        Map<String, Object> r3 = AttackIndicators.evaluate(model, test, InputBox.PIXELS, shortPgd, List.of(), Map.of(), 150,
                "short", ctx);
        Map<String, Object> nc = indicator(r3, "nonConverged");
        assertEquals("fired", nc.get("status"), nc.toString());
        assertTrue((double) nc.get("successStrengthened") > (double) nc.get("success") + 0.1, nc.toString());
    }
}
