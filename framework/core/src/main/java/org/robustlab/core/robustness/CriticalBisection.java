package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * critical indices. Images are grouped by the ε they need next, so each call stays batched.
 */
public final class CriticalBisection {
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
        int[] everyone = new int[n];
        Arrays.setAll(everyone, i -> i);
        try (Progress p = ctx.progress(purpose + " (bisection)", n)) {
            // the largest ε first: whatever it does not flip is censored there
            evaluations += evaluate(model, attack, attacked, everyone, grid, g - 1, purpose, ctx, box, (i, flipped, d) -> {
                distance[i] = d;
                censored[i] = !flipped;
            });
            while (true) {
                Map<Integer, List<Integer>> byMid = new TreeMap<>();
                for (int i = 0; i < n; i++) {
                    if (!censored[i] && hi[i] - lo[i] > 1) {
                        byMid.computeIfAbsent((lo[i] + hi[i]) >>> 1, k -> new ArrayList<>()).add(i);
                    }
                }
                if (byMid.isEmpty()) {
                    break;
                }
                for (Map.Entry<Integer, List<Integer>> group : byMid.entrySet()) {
                    int mid = group.getKey();
                    int[] members = group.getValue().stream().mapToInt(Integer::intValue).toArray();
                    evaluations += evaluate(model, attack, attacked, members, grid, mid, purpose, ctx, box, (i, flipped, d) -> {
                        if (flipped) {
                            hi[i] = mid;
                            distance[i] = d;
                        } else {
                            lo[i] = mid;
                        }
                    });
                }
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

    interface Outcome {
        void accept(int image, boolean flipped, double distance);
    }

    /** Attacks {@code members} at grid[k]; returns the gradient evaluations spent. */
    private static long evaluate(DifferentiableModel model, Attack attack, Dataset attacked, int[] members, double[] grid,
                                 int k, String purpose, StudyContext ctx, InputBox box, Outcome outcome) {
        Dataset batch = attacked.select(members);
        INDArray xAdv = attack.perturb(model, batch.features(), batch.labels(), grid[k], ctx.random(purpose + "@" + k), box);
        INDArray dist = RobustnessSweep.checkBudget(attack, batch.features(), xAdv, grid[k], box);
        int[] pred = model.predict(xAdv);
        for (int j = 0; j < members.length; j++) {
            outcome.accept(members[j], pred[j] != batch.labels()[j], dist.getDouble(j));
        }
        return (long) members.length * attack.gradientEvaluations();
    }
}
