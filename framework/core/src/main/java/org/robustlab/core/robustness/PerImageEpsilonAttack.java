package org.robustlab.core.robustness;

import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;

/**
 * One round of a per-image search for critical ε (grid bisection, minimal-ε refinement): the open images attacked in
 * batches, each image at its own ε in the same call
 * ({@link Attack#perturb(DifferentiableModel, INDArray, int[], double[], Random, InputBox)}), every perturbation's
 * budget checked, and whether it flipped the image reported back. Batching across different ε keeps the calls
 * GEMM-sized however the images' brackets spread.
 */
final class PerImageEpsilonAttack {
    private PerImageEpsilonAttack() {
    }

    interface Outcome {
        /**
         * @param image    the image's position in {@code attacked}
         * @param eps      the ε it was attacked at
         * @param flipped  the attack changed its prediction
         * @param distance the perturbation's distance ‖x′ − x‖
         */
        void accept(int image, double eps, boolean flipped, double distance);
    }

    /**
     * Attacks every image of {@code open} (positions in {@code attacked}) at {@code epsOf(image)}, {@code batch} images
     * per call, the call starting at position {@code from} of {@code open} drawing from {@code rngFrom(from)}.
     *
     * @return the gradient evaluations spent
     */
    static long round(DifferentiableModel model, Attack attack, Dataset attacked, List<Integer> open, int batch,
                      IntToDoubleFunction epsOf, IntFunction<Random> rngFrom, InputBox box, Outcome outcome) {
        long evaluations = 0;
        for (int from = 0; from < open.size(); from += batch) {
            int[] members = open.subList(from, Math.min(open.size(), from + batch)).stream().mapToInt(Integer::intValue).toArray();
            double[] eps = new double[members.length];
            for (int j = 0; j < members.length; j++) {
                eps[j] = epsOf.applyAsDouble(members[j]);
            }
            Dataset selected = attacked.select(members);
            INDArray xAdv = attack.perturb(model, selected.features(), selected.labels(), eps, rngFrom.apply(from), box);
            INDArray dist = RobustnessSweep.checkBudget(attack, selected.features(), xAdv, eps, box);
            int[] pred = model.predict(xAdv);
            for (int j = 0; j < members.length; j++) {
                outcome.accept(members[j], eps[j], pred[j] != selected.labels()[j], dist.getDouble(j));
            }
            evaluations += (long) members.length * attack.gradientEvaluations();
        }
        return evaluations;
    }
}
