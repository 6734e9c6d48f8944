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
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.StudyContext;
import org.robustlab.core.testkit.TestContexts;

class RobustnessSweepTest {
    @TempDir
    Path dir;

    /** Two classes, logits = x·Mᵀ: moving along sign(M_other − M_true) raises the wrong logit monotonically. */
    static final class TwoClassLinear implements DifferentiableModel {
        final INDArray m = Nd4j.createFromArray(new double[][]{{1, -1, 0.5, 0}, {-1, 1, 0, 0.5}});

        public String name() {
            return "linear";
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
            return x.castTo(DataType.DOUBLE).mmul(m.transpose());
        }

        public INDArray hidden(INDArray x) {
            return x.castTo(DataType.DOUBLE);
        }

        public INDArray lossInputGradient(INDArray x, int[] labels) {
            INDArray g = Nd4j.create(DataType.DOUBLE, x.rows(), 4);
            for (int i = 0; i < labels.length; i++) {
                g.putRow(i, m.getRow(1 - labels[i]).sub(m.getRow(labels[i])));
            }
            return g;
        }

        public INDArray representationInputGradient(INDArray x, INDArray target) {
            return x.castTo(DataType.DOUBLE).sub(target);
        }

        public INDArray jacobianFrobeniusNorm(INDArray x) {
            return Nd4j.ones(DataType.DOUBLE, x.rows()).muli(2);
        }
    }

    /** x′ = clip(x + ε sign(∇)): L∞, one gradient evaluation. */
    static final class SignStep implements Attack {
        public String name() {
            return "sign";
        }

        public String norm() {
            return "inf";
        }

        public int gradientEvaluations() {
            return 1;
        }

        public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double eps, Random rng) {
            INDArray s = Transforms.sign(model.lossInputGradient(x, labels), false).muli(eps);
            return Transforms.min(Transforms.max(x.castTo(DataType.DOUBLE).add(s), 0.0, false), 1.0, false).castTo(x.dataType());
        }
    }

    static Dataset data(int n) {
        INDArray x = Nd4j.rand(new Random(4).nextLong(), new long[]{n, 4}).castTo(DataType.FLOAT);
        int[] labels = new TwoClassLinear().predict(x);
        labels[0] = 1 - labels[0]; // one originally misclassified image
        return new Dataset("lin", x, labels, List.of("a", "b"), new int[]{1, 2, 2}, Map.of());
    }

    @Test
    void sweepMeasuresCurveCriticalDistancesAndDiagnostics() {
        StudyContext ctx = TestContexts.quiet(1, DataType.FLOAT, dir);
        Dataset test = data(300);
        double[] grid = EpsilonGrid.logspace(1e-3, 0.3, 8);
        RobustnessSweep.Result r = RobustnessSweep.run(new TwoClassLinear(), new SignStep(), test, grid,
                RobustnessSweep.Extension.NONE, "t", ctx, null);
        assertEquals(8, r.points().size());
        assertEquals(299, r.points().get(0).nCorrectSubset());
        for (int i = 1; i < 8; i++) {
            assertTrue(r.points().get(i).relativeAccuracy() <= r.points().get(i - 1).relativeAccuracy(), "monotone");
        }
        RobustnessSweep.Point last = r.points().get(7);
        assertEquals(last.relativeAccuracy() * 299 / 300, last.robustAccuracy(), 1e-12);
        assertEquals(0, r.diagnostics().get("nonMonotoneSteps"));
        assertEquals(0, r.diagnostics().get("zeroGradientImages"));
        assertEquals(299, r.critical().size());
        assertEquals(8L * 299, r.gradientEvaluations());
        for (CriticalDistance c : r.critical()) {
            assertTrue(c.index() != 0, "originally wrong image is not attacked");
            // an L-inf step of eps moves each of the 4 pixels by at most eps: L2 distance <= 2 eps
            assertTrue(c.distance() <= 2 * c.criticalEpsilon() + 1e-6, c.toString());
            if (c.censored()) {
                assertEquals(grid[7], c.criticalEpsilon());
            }
        }
        long censored = r.critical().stream().filter(CriticalDistance::censored).count();
        assertEquals(Math.round(last.relativeAccuracy() * 299), censored, "censored = still correct at the largest eps");
        assertEquals((int) censored, DistanceSummary.of(r.critical()).get("censored"));
    }

    @Test
    void gridIsExtendedWhileTheCurveStillFalls() {
        StudyContext ctx = TestContexts.quiet(1, DataType.FLOAT, dir);
        double[] grid = EpsilonGrid.logspace(1e-3, 1e-2, 3);
        RobustnessSweep.Result r = RobustnessSweep.run(new TwoClassLinear(), new SignStep(), data(300), grid,
                RobustnessSweep.Extension.DEFAULT, "t", ctx, null);
        assertTrue(r.points().size() > 3, "extended");
        assertEquals(r.points().size() - 3, r.diagnostics().get("gridPointsAdded"));
        assertTrue(r.points().get(r.points().size() - 1).epsilon() <= 1.0, "L-inf grid capped at 1");
    }

    @Test
    void bisectionEqualsTheSweepWithFewerEvaluations() {
        StudyContext ctx = TestContexts.quiet(1, DataType.FLOAT, dir);
        Dataset test = data(400);
        double[] grid = EpsilonGrid.logspace(1e-3, 0.5, 24);
        RobustnessSweep.Result sweep = RobustnessSweep.run(new TwoClassLinear(), new SignStep(), test, grid,
                RobustnessSweep.Extension.NONE, "t", ctx, null);
        CriticalBisection.Result bis = CriticalBisection.run(new TwoClassLinear(), new SignStep(), test, grid, "t", ctx);
        assertEquals(sweep.critical(), bis.critical());
        for (int k = 0; k < grid.length; k++) {
            assertEquals(sweep.points().get(k).relativeAccuracy(), bis.relativeAccuracy()[k], 1e-9);
        }
        assertEquals(sweep.gradientEvaluations(), bis.sweepEvaluations());
        assertTrue(bis.gradientEvaluations() * 3 < bis.sweepEvaluations(),
                "bisection " + bis.gradientEvaluations() + " vs sweep " + bis.sweepEvaluations());
    }

    /** SignStep that counts the calls a search makes (per-image-ε calls through the API's default grouping). */
    static final class CountingSignStep implements Attack {
        final SignStep inner = new SignStep();
        final List<Integer> perImageCallSizes = new java.util.ArrayList<>();
        int oneBudgetCalls;

        public String name() {
            return "counting-sign";
        }

        public String norm() {
            return "inf";
        }

        public int gradientEvaluations() {
            return 1;
        }

        public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double eps, Random rng) {
            oneBudgetCalls++;
            return inner.perturb(model, x, labels, eps, rng);
        }

        @Override
        public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] eps, Random rng,
                                org.robustlab.api.InputBox box) {
            perImageCallSizes.add(eps.length);
            int before = oneBudgetCalls;
            INDArray out = Attack.super.perturb(model, x, labels, eps, rng, box);
            oneBudgetCalls = before; // the default's grouping is not the search's doing
            return out;
        }
    }

    /**
     * Each bisection round is one call with every open image at its own ε (in batches of CriticalBisection.BATCH), not
     * a call per distinct ε: about 1 + log2(G) calls in all, each as large as the open set, and the sweep's answer.
     */
    @Test
    void bisectionRoundsAreBatchedAcrossDifferentEpsilons() {
        StudyContext ctx = TestContexts.quiet(1, DataType.FLOAT, dir);
        Dataset test = data(400);
        double[] grid = EpsilonGrid.logspace(1e-3, 0.5, 64);
        CountingSignStep counting = new CountingSignStep();
        CriticalBisection.Result bis = CriticalBisection.run(new TwoClassLinear(), counting, test, grid, "t", ctx);
        CriticalBisection.Result plain = CriticalBisection.run(new TwoClassLinear(), new SignStep(), test, grid, "t", ctx);
        assertEquals(plain.critical(), bis.critical());
        assertEquals(1, counting.oneBudgetCalls, "one call at the largest ε");
        assertTrue(counting.perImageCallSizes.size() <= 6, "log2(64) = 6 rounds of one call each: " + counting.perImageCallSizes);
        long open = bis.critical().stream().filter(c -> !c.censored()).count();
        assertEquals(open, (long) counting.perImageCallSizes.get(0), "the first round attacks every uncensored image at once");
    }

    @Test
    void summaryStatistics() {
        List<CriticalDistance> c = List.of(new CriticalDistance(0, 0, 1, 1, false), new CriticalDistance(1, 0, 1, 2, false),
                new CriticalDistance(2, 0, 1, 4, false), new CriticalDistance(3, 0, 9, 9, true));
        Map<String, Object> s = DistanceSummary.of(c);
        // numpy: d = [1, 2, 4]; mean 7/3, median 2, var(ddof=1) 7/3, quantile(.25) 1.5, quantile(.75) 3
        assertEquals(7.0 / 3, (double) s.get("mean"), 1e-12);
        assertEquals(2.0, (double) s.get("median"), 1e-12);
        assertEquals(7.0 / 3, (double) s.get("variance"), 1e-12);
        assertEquals(1.5, (double) s.get("q1"), 1e-12);
        assertEquals(3.0, (double) s.get("q3"), 1e-12);
        assertEquals(1, s.get("censored"));
    }
}
