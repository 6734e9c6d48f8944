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
 * @param epsilonLower      per image: the largest ε known not to flip it (0 if none), so the critical ε lies in
 *                          (epsilonLower, criticalEpsilon]; since API 0.3.0
 * @param failedIndicators  the indicators of attack failure that fired for this model and attack (empty when none
 *                          fired or none were computed); a comparison resting on this outcome is not to be trusted.
 *                          Since API 0.3.0
 */
public record AttackOutcome(String model, String label, String norm, String space, double[] epsilons,
                            double[] relativeAccuracy, int[] index, double[] criticalEpsilon, double[] criticalDistance,
                            boolean[] censored, double[] epsilonLower, java.util.List<String> failedIndicators) {
    public AttackOutcome {
        failedIndicators = java.util.List.copyOf(failedIndicators);
    }

    /** An outcome without brackets or indicators (API 0.2.0's constructor). */
    public AttackOutcome(String model, String label, String norm, String space, double[] epsilons, double[] relativeAccuracy,
                         int[] index, double[] criticalEpsilon, double[] criticalDistance, boolean[] censored) {
        this(model, label, norm, space, epsilons, relativeAccuracy, index, criticalEpsilon, criticalDistance, censored,
                new double[index.length], java.util.List.of());
    }
}
