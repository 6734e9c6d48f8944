package org.robustlab.core.robustness;

/**
 * One image's critical distance: ‖x′ − x‖₂ at the smallest ε of the grid that flips its
 * prediction (L2 even for L∞ attacks). A censored image never flipped: its ε and distance are
 * those of the largest ε tried, a lower bound.
 *
 * @param index            position in the test set
 * @param label            true label
 * @param criticalEpsilon  the smallest flipping ε (or the largest tried, if censored)
 * @param distance         ‖x′ − x‖₂ at that ε
 * @param censored         true if no ε flipped the prediction
 */
public record CriticalDistance(int index, int label, double criticalEpsilon, double distance, boolean censored) {
}
