package org.robustlab.api;

/**
 * The result of one attack on one model, as analyzers see it (since API 0.2.0): the relative-accuracy
 * curve and, per originally correctly classified test image, its critical ε and distance.
 *
 * @param model             the model's name
 * @param label             the attack's label in the study ({@code pgd}, {@code pgd-2}, …)
 * @param norm              {@code "2"} or {@code "inf"}
 * @param space             {@code "pixel"} or {@code "model"} (distances in the model's preprocessed input)
 * @param epsilons          the ε grid, ascending
 * @param relativeAccuracy  fraction of originally correct images still correct at each ε
 * @param index             test-set positions of the originally correct images
 * @param criticalEpsilon   per image: the smallest ε that flipped it (for a censored image the largest ε tried)
 * @param criticalDistance  per image: the distance of that perturbation (a lower bound when censored)
 * @param censored          per image: never flipped on the grid
 */
public record AttackOutcome(String model, String label, String norm, String space, double[] epsilons,
                            double[] relativeAccuracy, int[] index, double[] criticalEpsilon, double[] criticalDistance,
                            boolean[] censored) {
}
