package org.robustlab.api;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Perturbs clean images within an ε-ball and the [0, 1] box (e.g. {@code random}, {@code fgsm},
 * {@code pgd}). The robustness sweep (ε grid, relative accuracy, critical distances) is the
 * host's; an attack only maps (x, y, ε) to x′.
 */
public interface Attack extends StudyExtension {
    /**
     * Returns adversarial images, a new N×D array with ‖x′ − x‖ ≤ ε in {@link #norm()} and every
     * pixel in [0, 1], unless the attack's own parameters say otherwise (e.g. the seed code's unclipped,
     * unnormalised noise {@code random(normalize: false, clip: false)}); the host measures distances from x′.
     *
     * @param model    the attacked model
     * @param x        clean images (not modified)
     * @param labels   true labels
     * @param epsilon  the perturbation budget
     * @param rng      seeded randomness for this call
     */
    INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng);

    /**
     * As {@link #perturb(DifferentiableModel, INDArray, int[], double, Random)}, keeping x′ in {@code box} instead of
     * [0, 1] (since API 0.2.0; the host calls this one). The default ignores {@code box} and keeps the attack's own
     * [0, 1] clipping, which is right for pixels; attacks that support other input spaces override it.
     */
    default INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng, InputBox box) {
        return perturb(model, x, labels, epsilon, rng);
    }

    /** Whether ‖x′ − x‖ ≤ ε in {@link #norm()} holds for every result (the host checks it when true). Since 0.2.0. */
    default boolean boundedByEpsilon() {
        return true;
    }

    /** Whether every result stays in the box (the host checks it when true). Since 0.2.0. */
    default boolean staysInBox() {
        return true;
    }

    /** The norm ε is measured in: {@code "2"} or {@code "inf"}. */
    String norm();

    /** Gradient evaluations one {@link #perturb} call costs per image (for reporting). */
    default int gradientEvaluations() {
        return 0;
    }
}
