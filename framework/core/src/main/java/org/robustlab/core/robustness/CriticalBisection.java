package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.InputBox;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Progress;
import org.robustlab.api.StudyContext;

/**
 * Finds each image's critical ε on the grid by binary search instead of a full sweep: first the
 * largest ε (images it does not flip are censored at once), then bisection on the grid index.
 * When success is monotone in ε this gives exactly the sweep's answer with about
 * 1 + log2(G) attack calls per image instead of G; the relative-accuracy curve follows from the
 * critical indices. Each round attacks every open image in batches of {@value #BATCH}, each image at its own ε
 * ({@link Attack#perturb(DifferentiableModel, INDArray, int[], double[], Random, InputBox)}), so the calls stay
 * batched however the brackets spread over the grid.
 */
public final class CriticalBisection {
    /** Images per attack call: GEMM-sized, and the largest batch a full-size study's attacks keep in memory easily. */
    static final int BATCH = 1000;

    private CriticalBisection() {
    }

    /**
     * The outcome.
     *
     * @param relativeAccuracy     per grid point: fraction of the correct subset not flipped there
     * @param gradientEvaluations  spent by the bisection
     * @param sweepEvaluations     a full sweep of the same grid would have spent
     */
    public record Result(List<CriticalDistance> critical, double[] relativeAccuracy, long gradientEvaluations,
                         long sweepEvaluations, int nTest) {
    }

    public static Result run(DifferentiableModel model, Attack attack, Dataset test, double[] grid, String purpose,
                             StudyContext ctx) {
        return run(model, attack, test, grid, purpose, ctx, InputBox.PIXELS);
    }

    /** The bisection with inputs kept in {@code box}. */
    public static Result run(DifferentiableModel model, Attack attack, Dataset test, double[] grid, String purpose,
                             StudyContext ctx, InputBox box) {
        int[] subset = RobustnessSweep.correctSubset(model, test);
        Dataset attacked = test.select(subset);
        int n = subset.length;
        int g = grid.length;
        int[] lo = new int[n];
        int[] hi = new int[n];
        Arrays.fill(lo, -1);
        Arrays.fill(hi, g - 1);
        double[] distance = new double[n];
        boolean[] censored = new boolean[n];
        long evaluations = 0;
        try (Progress p = ctx.progress(purpose + " (bisection)", n)) {
            // the largest ε first: whatever it does not flip is censored there
            INDArray xAdv = attack.perturb(model, attacked.features(), attacked.labels(), grid[g - 1],
                    ctx.random(purpose + "@" + (g - 1)), box);
            INDArray dist = RobustnessSweep.checkBudget(attack, attacked.features(), xAdv, grid[g - 1], box);
            int[] pred = model.predict(xAdv);
            for (int i = 0; i < n; i++) {
                distance[i] = dist.getDouble(i);
                censored[i] = pred[i] == attacked.labels()[i];
            }
            evaluations += (long) n * attack.gradientEvaluations();
            // then every open bracket at once: all open images in batched calls, each at its own midpoint's ε (grouping
            // by midpoint split the images into up to G/2 groups of a few images each, each a separate, GEMV-bound call)
            for (int round = 0; ; round++) {
                List<Integer> open = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!censored[i] && hi[i] - lo[i] > 1) {
                        open.add(i);
                    }
                }
                if (open.isEmpty()) {
                    break;
                }
                int r = round;
                evaluations += PerImageEpsilonAttack.round(model, attack, attacked, open, BATCH,
                        i -> grid[(lo[i] + hi[i]) >>> 1], from -> ctx.random(purpose + "@bisect" + r + ":" + from), box,
                        (i, eps, flipped, d) -> {
                            int mid = (lo[i] + hi[i]) >>> 1;
                            if (flipped) {
                                hi[i] = mid;
                                distance[i] = d;
                            } else {
                                lo[i] = mid;
                            }
                        });
            }
            p.stepBy(n);
        }
        List<CriticalDistance> critical = new ArrayList<>();
        double[] relative = new double[g];
        for (int i = 0; i < n; i++) {
            critical.add(new CriticalDistance(subset[i], attacked.labels()[i], grid[hi[i]], distance[i], censored[i]));
            int firstFlip = censored[i] ? g : hi[i];
            for (int k = 0; k < firstFlip; k++) {
                relative[k] += 1.0 / n;
            }
        }
        return new Result(critical, relative, evaluations, (long) n * g * attack.gradientEvaluations(), test.size());
    }
}
