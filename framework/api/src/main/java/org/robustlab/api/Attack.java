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

    /** The norm ε is measured in: {@code "2"} or {@code "inf"}. */
    String norm();

    /** Gradient evaluations one {@link #perturb} call costs per image (for reporting). */
    default int gradientEvaluations() {
        return 0;
    }
}
