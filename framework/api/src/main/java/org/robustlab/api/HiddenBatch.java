package org.robustlab.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The hidden layer of a one-hidden-layer model on one minibatch, as regularizers see it:
 * h = x Wᵀ (pre-activation), ĥ = ReLU(h)^n. Arrays are read-only for regularizers.
 *
 * @param x     B×D preprocessed inputs (not modified)
 * @param w     H×D first-layer weights (not modified)
 * @param h     B×H pre-activations (not modified)
 * @param hHat  B×H hidden representation (not modified)
 * @param n     the activation power
 */
public record HiddenBatch(INDArray x, INDArray w, INDArray h, INDArray hHat, double n) {
    /** Batch size B. */
    public int batchSize() {
        return (int) x.rows();
    }
}
