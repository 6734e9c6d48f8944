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

    /**
     * As {@link #perturb(DifferentiableModel, INDArray, int[], double, Random, InputBox)} with a budget per image: row i
     * of the result lies within {@code epsilon[i]} of row i of {@code x} (since API 0.3.0). The host's minimal-ε search
     * calls it with a different ε for every image. The default groups equal budgets and calls the one-budget method
     * once per group, in ascending ε, which is correct for every attack but batched only where budgets repeat;
     * attacks whose arithmetic is per image anyway override it with one batched call.
     */
    default INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, Random rng, InputBox box) {
        if (epsilon.length != x.rows() || labels.length != x.rows()) {
            throw new IllegalArgumentException("perturb: " + x.rows() + " images but " + epsilon.length + " budgets and "
                    + labels.length + " labels");
        }
        java.util.TreeMap<Double, java.util.List<Integer>> groups = new java.util.TreeMap<>();
        for (int i = 0; i < epsilon.length; i++) {
            groups.computeIfAbsent(epsilon[i], k -> new java.util.ArrayList<>()).add(i);
        }
        INDArray out = x.dup();
        for (java.util.Map.Entry<Double, java.util.List<Integer>> g : groups.entrySet()) {
            int[] rows = g.getValue().stream().mapToInt(Integer::intValue).toArray();
            int[] y = new int[rows.length];
            for (int j = 0; j < rows.length; j++) {
                y[j] = labels[rows[j]];
            }
            INDArray part = perturb(model, x.getRows(rows), y, g.getKey(), rng, box);
            for (int j = 0; j < rows.length; j++) {
                out.putRow(rows[j], part.getRow(j).castTo(out.dataType()));
            }
        }
        return out;
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

    /** {@link #norm()} as a type: the host reads attacks' norms only through this. Since API 0.4.0. */
    default Norm normType() {
        return Norm.of(norm());
    }

    /** Gradient evaluations one {@link #perturb} call costs per image (for reporting). */
    default int gradientEvaluations() {
        return 0;
    }
}
