package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Progress;
import org.robustlab.api.StudyContext;

/**
 * Resolves each image's critical ε below the grid's resolution, as Foolbox's minimal-perturbation attacks do: the grid
 * (sweep or grid bisection) brackets it between the largest ε that did not flip the image and the smallest that did;
 * this search then bisects every bracket in log ε, all images in one batched attack call per round, each with its own
 * ε ({@link Attack#perturb(DifferentiableModel, INDArray, int[], double[], java.util.Random, InputBox)}), until
 * hi/lo ≤ 1 + tolerance. An image flipped already at the grid's smallest ε is first searched downwards by factors of 8.
 * Censored images (never flipped) are left as they are. Like grid bisection it assumes success is monotone in ε; the
 * critical ε reported is always one at which the attack did flip the image, and its distance is that perturbation's.
 */
public final class MinimalEpsilonSearch {
    private static final int BATCH = 500;
    /** Rounds are bounded: 1e-2 from a factor-2 bracket takes 7, from ε = 1e-12 upwards a few dozen. */
    private static final int MAX_ROUNDS = 80;

    private MinimalEpsilonSearch() {
    }

    /**
     * The refined distances.
     *
     * @param critical             per image, as given but with criticalEpsilon the refined upper bracket
     * @param lower                per image, the largest ε known not to flip it (0 if none)
     * @param gradientEvaluations  spent by the search
     * @param rounds               batched rounds the search took
     * @param widest               the largest hi/lo − 1 left among flipped images (≤ tolerance unless a bracket hit ε = 0)
     */
    public record Result(List<CriticalDistance> critical, double[] lower, long gradientEvaluations, int rounds,
                         double widest) {
    }

    /**
     * Refines {@code critical} (from a sweep or a grid bisection over {@code grid}).
     *
     * @param attacked  the originally correct images, in the order of {@code critical}
     */
    public static Result refine(DifferentiableModel model, Attack attack, Dataset attacked, List<CriticalDistance> critical,
                                double[] grid, double tolerance, String purpose, StudyContext ctx, InputBox box) {
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        int n = critical.size();
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            CriticalDistance c = critical.get(i);
            hi[i] = c.criticalEpsilon();
            dist[i] = c.distance();
            lo[i] = c.censored() ? c.criticalEpsilon() : below(grid, c.criticalEpsilon());
        }
        long evaluations = 0;
        int rounds = 0;
        try (Progress p = ctx.progress(purpose + " (minimal eps to " + tolerance + ")", n)) {
            while (rounds < MAX_ROUNDS) {
                List<Integer> active = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!critical.get(i).censored() && open(lo[i], hi[i], tolerance)) {
                        active.add(i);
                    }
                }
                if (active.isEmpty()) {
                    break;
                }
                int r = rounds;
                evaluations += PerImageEpsilonAttack.round(model, attack, attacked, active, BATCH,
                        i -> lo[i] > 0 ? Math.sqrt(lo[i] * hi[i]) : hi[i] / 8,
                        from -> ctx.random(purpose + "@refine" + r + ":" + from), box, (i, eps, flipped, d) -> {
                            if (flipped) {
                                hi[i] = eps;
                                dist[i] = d;
                            } else {
                                lo[i] = eps;
                            }
                        });
                rounds++;
                p.message("round " + rounds + ": " + active.size() + " images still open");
            }
            p.stepBy(n);
        }
        List<CriticalDistance> out = new ArrayList<>(n);
        double widest = 0;
        for (int i = 0; i < n; i++) {
            CriticalDistance c = critical.get(i);
            out.add(c.censored() ? c : new CriticalDistance(c.index(), c.label(), hi[i], dist[i], false));
            if (!c.censored()) {
                widest = Math.max(widest, lo[i] > 0 ? hi[i] / lo[i] - 1 : Double.POSITIVE_INFINITY);
            }
        }
        return new Result(out, lo, evaluations, rounds, widest);
    }

    /** Still wider than the tolerance; a bracket from 0 stays open until ε underflows any input's resolution. */
    private static boolean open(double lo, double hi, double tolerance) {
        if (lo > 0) {
            return hi / lo > 1 + tolerance;
        }
        return hi > 1e-12;
    }

    /** The largest grid value strictly below {@code eps}, or 0 (the grid in any order). */
    public static double below(double[] grid, double eps) {
        double b = 0;
        for (double g : grid) {
            if (g < eps && g > b) {
                b = g;
            }
        }
        return b;
    }
}
