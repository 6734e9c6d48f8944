package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Progress;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;

/**
 * Attacks a model's originally-correct test images independently at every ε and reports the
 * relative accuracy (paper's measure: fraction of that subset still correct) and the robust
 * accuracy over all test images (Foolbox/ART convention; originally wrong images count as wrong).
 */
public final class RobustnessSweep {
    private static final int BATCH = 500;

    private RobustnessSweep() {
    }

    /**
     * One ε of the sweep.
     *
     * @param epsilon           the budget
     * @param relativeAccuracy  still-correct fraction of the originally-correct subset
     * @param robustAccuracy    correct fraction of all test images
     * @param nCorrectSubset    size of the originally-correct subset
     * @param nTest             number of test images
     * @param predictions       predictions for every test image (originally wrong ones as clean)
     */
    public record Point(double epsilon, double relativeAccuracy, double robustAccuracy, int nCorrectSubset, int nTest,
                        int[] predictions) {
    }

    /**
     * Runs the sweep.
     *
     * @param onPoint called after each ε (e.g. to evaluate metrics)
     */
    public static List<Point> run(DifferentiableModel model, Attack attack, Dataset test, double[] epsilons,
                                  String purpose, StudyContext ctx, BiConsumer<Point, int[]> onPoint) {
        int[] clean = model.predict(test.features());
        List<Integer> correct = new ArrayList<>();
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] == test.labels()[i]) {
                correct.add(i);
            }
        }
        int[] subset = correct.stream().mapToInt(Integer::intValue).toArray();
        Dataset attacked = test.select(subset);
        List<Point> points = new ArrayList<>();
        try (Progress p = ctx.progress(purpose, (long) epsilons.length * subset.length)) {
            for (int e = 0; e < epsilons.length; e++) {
                double eps = epsilons[e];
                Random rng = ctx.random(purpose + "@" + e);
                int[] adversarial = new int[subset.length];
                for (int from = 0; from < subset.length; from += BATCH) {
                    int to = Math.min(subset.length, from + BATCH);
                    Dataset batch = attacked.slice(from, to);
                    INDArray xAdv = attack.perturb(model, batch.features(), batch.labels(), eps, rng);
                    checkBudget(attack, batch.features(), xAdv, eps);
                    int[] pred = model.predict(xAdv);
                    System.arraycopy(pred, 0, adversarial, from, pred.length);
                    p.stepBy(to - from);
                }
                int still = 0;
                int[] all = clean.clone();
                for (int i = 0; i < subset.length; i++) {
                    all[subset[i]] = adversarial[i];
                    if (adversarial[i] == attacked.labels()[i]) {
                        still++;
                    }
                }
                Point point = new Point(eps, subset.length == 0 ? Double.NaN : (double) still / subset.length,
                        (double) still / test.size(), subset.length, test.size(), all);
                points.add(point);
                p.message(String.format("eps %.3g rel.acc %.3f", eps, point.relativeAccuracy()));
                if (onPoint != null) {
                    onPoint.accept(point, all);
                }
            }
        }
        return points;
    }

    /** Every perturbation must respect its ε (in the attack's norm) and the [0, 1] box. */
    static void checkBudget(Attack attack, INDArray x, INDArray xAdv, double eps) {
        INDArray d = xAdv.sub(x);
        double tol = 1e-5 * Math.max(1, eps);
        double norm = "inf".equals(attack.norm()) ? d.amaxNumber().doubleValue() : d.norm2(1).maxNumber().doubleValue();
        double lo = xAdv.minNumber().doubleValue();
        double hi = xAdv.maxNumber().doubleValue();
        if (norm > eps + tol || lo < -1e-6 || hi > 1 + 1e-6 || Double.isNaN(norm)) {
            throw new RobustlabException("attack '" + attack.name() + "' broke its constraints at eps " + eps + ": max "
                    + attack.norm() + "-norm " + norm + ", pixel range [" + lo + ", " + hi + "]; expected ‖x'−x‖ <= eps and pixels in [0, 1]");
        }
    }
}
