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
 * @param a     C×H readout weights, or null when the encoder does not offer them (since API 0.2.0; not modified)
 * @param b     readout bias (C values), or null likewise (not modified)
 */
public record HiddenBatch(INDArray x, INDArray w, INDArray h, INDArray hHat, double n, INDArray a, INDArray b) {
    /** A batch without the readout (penalties on the hidden layer only). */
    public HiddenBatch(INDArray x, INDArray w, INDArray h, INDArray hHat, double n) {
        this(x, w, h, hHat, n, null, null);
    }

    /** Batch size B. */
    public int batchSize() {
        return (int) x.rows();
    }
}
