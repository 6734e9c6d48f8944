package org.robustlab.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulators a regularizer adds its penalty gradient into. Regularizers {@code addi} into
 * these arrays (modified) and never replace them.
 *
 * @param dW     H×D gradient with respect to the first-layer weights (modified)
 * @param dHhat  B×H gradient with respect to ĥ, back-propagated by the encoder (modified)
 * @param wIsTrainable false when W is frozen (KH decoder): penalties on W then contribute nothing
 */
public record HiddenGradients(INDArray dW, INDArray dHhat, boolean wIsTrainable) {
}
