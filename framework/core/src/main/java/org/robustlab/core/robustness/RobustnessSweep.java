package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.Attack;
import org.robustlab.api.InputBox;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Progress;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;

/**
 * Attacks a model's originally-correct test images independently at every ε and reports the
 * relative accuracy (the paper's measure: the fraction of that subset still correct), the robust
 * accuracy over all test images (Foolbox/ART convention: originally wrong images count as wrong),
 * per-image critical distances (censored when never flipped) and sanity diagnostics. The grid is
 * extended (by its own ratio) while the relative accuracy is still falling at its largest ε.
 */
public final class RobustnessSweep {
    private static final int BATCH = 500;

    private RobustnessSweep() {
    }

    /**
     * One ε of the sweep.
     *
     * @param predictions predictions for every test image (originally wrong ones as clean)
     */
    public record Point(double epsilon, double relativeAccuracy, double robustAccuracy, int nCorrectSubset, int nTest,
                        int[] predictions) {
    }

    /**
     * Everything a sweep measured.
     *
     * @param gradientEvaluations input-gradient evaluations spent (images × the attack's cost per image)
     */
    public record Result(List<Point> points, List<CriticalDistance> critical, Map<String, Object> diagnostics,
                         long gradientEvaluations) {
    }

    /** How far to extend the grid: at most {@code maxExtra} points, stopping once the curve flattens. */
    public record Extension(int maxExtra, double flatTolerance) {
        public static final Extension DEFAULT = new Extension(8, 0.005);
        public static final Extension NONE = new Extension(0, 0);
    }

    /** The originally-correct subset: positions in the test set. */
    static int[] correctSubset(DifferentiableModel model, Dataset test) {
        int[] clean = model.predict(test.features());
        return java.util.stream.IntStream.range(0, clean.length).filter(i -> clean[i] == test.labels()[i]).toArray();
    }

    /** Runs the sweep in pixel space; {@code onPoint} is called after each ε (e.g. to evaluate metrics). */
    public static Result run(DifferentiableModel model, Attack attack, Dataset test, double[] grid, Extension extension,
                             String purpose, StudyContext ctx, Consumer<Point> onPoint) {
        return run(model, attack, test, grid, extension, purpose, ctx, onPoint, InputBox.PIXELS);
    }

    /** Runs the sweep with inputs kept in {@code box} (the model's input space for {@code space: 'model'}). */
    public static Result run(DifferentiableModel model, Attack attack, Dataset test, double[] grid, Extension extension,
                             String purpose, StudyContext ctx, Consumer<Point> onPoint, InputBox box) {
        int[] clean = model.predict(test.features());
        int[] subset = correctSubset(model, test);
        Dataset attacked = test.select(subset);
        int n = subset.length;
        int[] firstFlip = new int[n];
        java.util.Arrays.fill(firstFlip, -1);
        double[] flipDistance = new double[n];
        double[] lastDistance = new double[n];
        List<Double> epsilons = new ArrayList<>();
        for (double e : grid) {
            epsilons.add(e);
        }
        double ratio = grid.length >= 2 && grid[grid.length - 2] > 0 ? grid[grid.length - 1] / grid[grid.length - 2] : 2;
        double cap = attack.normType().diameter(1.0, test.dimension());
        List<Point> points = new ArrayList<>();
        long evaluations = 0;
        int extra = 0;
        try (Progress p = ctx.progress(purpose, (long) grid.length * n)) {
            for (int e = 0; e < epsilons.size(); e++) {
                double eps = epsilons.get(e);
                Random rng = ctx.random(purpose + "@" + e);
                int still = 0;
                int[] all = clean.clone();
                for (int from = 0; from < n; from += BATCH) {
                    int to = Math.min(n, from + BATCH);
                    Dataset batch = attacked.slice(from, to);
                    INDArray xAdv = attack.perturb(model, batch.features(), batch.labels(), eps, rng, box);
                    INDArray dist = checkBudget(attack, batch.features(), xAdv, eps, box);
                    evaluations += (long) (to - from) * attack.gradientEvaluations();
                    int[] pred = model.predict(xAdv);
                    for (int i = from; i < to; i++) {
                        int k = i - from;
                        all[subset[i]] = pred[k];
                        lastDistance[i] = dist.getDouble(k);
                        if (pred[k] == attacked.labels()[i]) {
                            still++;
                        } else if (firstFlip[i] < 0) {
                            firstFlip[i] = e;
                            flipDistance[i] = dist.getDouble(k);
                        }
                    }
                    p.stepBy(to - from);
                }
                Point point = new Point(eps, n == 0 ? Double.NaN : (double) still / n, (double) still / test.size(), n,
                        test.size(), all);
                points.add(point);
                p.message(String.format("eps %.3g rel.acc %.3f", eps, point.relativeAccuracy()));
                if (onPoint != null) {
                    onPoint.accept(point);
                }
                if (e == epsilons.size() - 1 && extra < extension.maxExtra() && stillFalling(points, extension) && eps < cap) {
                    epsilons.add(Math.min(cap, eps * ratio));
                    extra++;
                }
            }
        }
        List<CriticalDistance> critical = new ArrayList<>();
        double largest = epsilons.get(epsilons.size() - 1);
        for (int i = 0; i < n; i++) {
            boolean censored = firstFlip[i] < 0;
            critical.add(new CriticalDistance(subset[i], attacked.labels()[i], censored ? largest : epsilons.get(firstFlip[i]),
                    censored ? lastDistance[i] : flipDistance[i], censored));
        }
        return new Result(points, critical, diagnostics(model, attacked, points, extra), evaluations);
    }

    /** True while the relative accuracy is above 0 and fell by more than the tolerance at the last ε. */
    private static boolean stillFalling(List<Point> points, Extension ext) {
        if (points.size() < 2) {
            return false;
        }
        double last = points.get(points.size() - 1).relativeAccuracy();
        double prev = points.get(points.size() - 2).relativeAccuracy();
        return last > 0 && prev - last > ext.flatTolerance();
    }

    /** Zero or NaN input gradients, accuracy left at the largest ε, and non-monotone steps of the curve. */
    static Map<String, Object> diagnostics(DifferentiableModel model, Dataset attacked, List<Point> points, int extended) {
        Map<String, Object> d = new LinkedHashMap<>();
        int zero = 0;
        int nan = 0;
        for (int from = 0; from < attacked.size(); from += BATCH) {
            int to = Math.min(attacked.size(), from + BATCH);
            Dataset batch = attacked.slice(from, to);
            INDArray g = model.lossInputGradient(batch.features(), batch.labels()).castTo(DataType.DOUBLE);
            INDArray norms = g.norm2(1);
            for (int i = 0; i < to - from; i++) {
                double v = norms.getDouble(i);
                if (Double.isNaN(v)) {
                    nan++;
                } else if (v == 0) {
                    zero++;
                }
            }
        }
        int nonMonotone = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).relativeAccuracy() > points.get(i - 1).relativeAccuracy()) {
                nonMonotone++;
            }
        }
        d.put("zeroGradientImages", zero);
        d.put("nanGradientImages", nan);
        d.put("relativeAccuracyAtLargestEpsilon", points.isEmpty() ? Double.NaN : points.get(points.size() - 1).relativeAccuracy());
        d.put("nonMonotoneSteps", nonMonotone);
        d.put("gridPointsAdded", extended);
        return d;
    }

    /**
     * Every perturbation must respect its ε (in the attack's norm) and the box, as far as the attack claims to
     * ({@link Attack#boundedByEpsilon()}, {@link Attack#staysInBox()}); returns the L2 distances ‖x′ − x‖₂ per image.
     */
    static INDArray checkBudget(Attack attack, INDArray x, INDArray xAdv, double eps, InputBox box) {
        double[] e = new double[(int) x.rows()];
        java.util.Arrays.fill(e, eps);
        return checkBudget(attack, x, xAdv, e, box);
    }

    /** As {@link #checkBudget(Attack, INDArray, INDArray, double, InputBox)} with a budget per image. */
    static INDArray checkBudget(Attack attack, INDArray x, INDArray xAdv, double[] epsilon, InputBox box) {
        INDArray d = xAdv.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE));
        INDArray norms = attack.normType().rowNorms(d);
        // the worst row relative to its own budget
        double norm = Double.NEGATIVE_INFINITY;
        double eps = 0;
        double excess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < epsilon.length; i++) {
            double v = norms.getDouble(i);
            double over = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v - epsilon[i] - 1e-5 * Math.max(1, epsilon[i]);
            if (over > excess) {
                excess = over;
                norm = v;
                eps = epsilon[i];
            }
        }
        double lo = xAdv.minNumber().doubleValue();
        double hi = xAdv.maxNumber().doubleValue();
        boolean overBudget = attack.boundedByEpsilon() && excess > 0;
        boolean outOfBox = attack.staysInBox() && !box.contains(xAdv, 1e-6);
        if (overBudget || outOfBox || Double.isNaN(norm)) {
            throw new RobustlabException("attack '" + attack.name() + "' broke its constraints at eps " + eps + ": max "
                    + attack.norm() + "-norm " + norm + ", input range [" + lo + ", " + hi + "]; expected ‖x'−x‖ <= eps and"
                    + " inputs in " + box);
        }
        return d.norm2(1);
    }
}
