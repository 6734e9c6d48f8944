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
import org.robustlab.api.Dataset;
import org.robustlab.api.InputBox;
import org.robustlab.api.StudyContext;
import org.robustlab.core.robustness.RobustnessSweepTest.SignStep;
import org.robustlab.core.robustness.RobustnessSweepTest.TwoClassLinear;
import org.robustlab.core.testkit.TestContexts;

class MinimalEpsilonSearchTest {
    @TempDir
    Path dir;

    /**
     * Pixels in [0.3, 0.7]: a sign step of ε ≤ 0.2 never reaches the box, so on the two-class linear model the
     * logit margin d = (m_y − m_o)·x falls by exactly ε‖m_y − m_o‖₁ = 5ε and the critical ε is d/5.
     */
    static Dataset inner(int n) {
        INDArray x = Nd4j.rand(new Random(7).nextLong(), new long[]{n, 4}).muli(0.4).addi(0.3).castTo(DataType.DOUBLE);
        int[] labels = new TwoClassLinear().predict(x);
        return new Dataset("lin", x, labels, List.of("a", "b"), new int[]{1, 2, 2}, Map.of());
    }

    static double closedForm(Dataset data, int i) {
        INDArray m = new TwoClassLinear().m;
        int y = data.labels()[i];
        double margin = data.features().getRow(i).mul(m.getRow(y).sub(m.getRow(1 - y))).sumNumber().doubleValue();
        return margin / 5;
    }

    @Test
    void findsTheClosedFormCriticalEpsilonWithinTheTolerance() {
        StudyContext ctx = TestContexts.quiet(1, DataType.DOUBLE, dir);
        Dataset test = inner(300);
        // a coarse grid (factor ~2.2) that starts above some images' critical ε: those are searched downwards
        double[] grid = EpsilonGrid.logspace(0.01, 0.3, 5);
        for (double tol : new double[]{1e-2, 1e-4}) {
            CriticalBisection.Result onGrid = CriticalBisection.run(new TwoClassLinear(), new SignStep(), test, grid, "t", ctx);
            Dataset attacked = test.select(onGrid.critical().stream().mapToInt(CriticalDistance::index).toArray());
            MinimalEpsilonSearch.Result r = MinimalEpsilonSearch.refine(new TwoClassLinear(), new SignStep(), attacked,
                    onGrid.critical(), grid, tol, "t", ctx, InputBox.PIXELS);
            int belowGrid = 0;
            for (int k = 0; k < r.critical().size(); k++) {
                CriticalDistance c = r.critical().get(k);
                double exact = closedForm(test, c.index());
                assertTrue(exact < 0.2, "inside the box: " + exact);
                assertTrue(!c.censored(), "every image flips by 0.3: " + c);
                assertTrue(c.criticalEpsilon() >= exact * (1 - 1e-12), c + " below the exact " + exact);
                assertTrue(c.criticalEpsilon() <= exact * (1 + tol), c + " not within " + tol + " of " + exact);
                assertTrue(r.lower()[k] <= exact * (1 + 1e-12), "lower bracket " + r.lower()[k] + " above " + exact);
                // every pixel moved by exactly ε (away from the box): the L2 distance is 2ε
                assertEquals(2 * c.criticalEpsilon(), c.distance(), 1e-9);
                belowGrid += exact < grid[0] ? 1 : 0;
            }
            assertTrue(belowGrid > 0, "some images need ε below the grid");
            assertTrue(r.widest() <= tol, "widest bracket " + r.widest());
            // bisection in log ε: about log2(log(2.3) / log(1 + tol)) rounds from a grid bracket
            int expected = (int) Math.ceil(Math.log(Math.log(grid[1] / grid[0]) / Math.log1p(tol)) / Math.log(2));
            assertTrue(r.rounds() <= expected + 8, r.rounds() + " rounds, expected about " + expected);
            assertEquals(r.rounds() > 0, r.gradientEvaluations() > 0);
        }
    }

    @Test
    void censoredImagesStayCensoredAndGridOnlyDistancesAreCoarser() {
        StudyContext ctx = TestContexts.quiet(1, DataType.DOUBLE, dir);
        Dataset test = inner(200);
        double[] grid = EpsilonGrid.logspace(1e-3, 0.05, 4); // too small to flip the images with the largest margins
        CriticalBisection.Result onGrid = CriticalBisection.run(new TwoClassLinear(), new SignStep(), test, grid, "t", ctx);
        Dataset attacked = test.select(onGrid.critical().stream().mapToInt(CriticalDistance::index).toArray());
        MinimalEpsilonSearch.Result r = MinimalEpsilonSearch.refine(new TwoClassLinear(), new SignStep(), attacked,
                onGrid.critical(), grid, 1e-2, "t", ctx, InputBox.PIXELS);
        long censored = r.critical().stream().filter(CriticalDistance::censored).count();
        assertTrue(censored > 0 && censored < 200, "some censored: " + censored);
        double gridError = 0;
        double refinedError = 0;
        for (int k = 0; k < r.critical().size(); k++) {
            CriticalDistance before = onGrid.critical().get(k);
            CriticalDistance after = r.critical().get(k);
            assertEquals(before.censored(), after.censored());
            if (after.censored()) {
                assertEquals(before, after);
                continue;
            }
            double exact = closedForm(test, after.index());
            gridError = Math.max(gridError, before.criticalEpsilon() / exact - 1);
            refinedError = Math.max(refinedError, after.criticalEpsilon() / exact - 1);
        }
        assertTrue(gridError > 0.3, "the grid alone is coarse: " + gridError);
        assertTrue(refinedError <= 1e-2, "refined: " + refinedError);
    }
}
