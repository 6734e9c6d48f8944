package org.robustlab.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Accumulators a regularizer adds its penalty gradient into. Regularizers {@code addi} into
 * these arrays (modified) and never replace them.
 *
 * @param dW     H×D gradient with respect to the first-layer weights (modified)
 * @param dHhat  B×H gradient with respect to ĥ, back-propagated by the encoder (modified)
 * @param wIsTrainable false when W is frozen (KH decoder): penalties on W then contribute nothing
 * @param dH     B×H gradient with respect to the pre-activation h = Wx, or null when the encoder
 *               does not offer it. The encoder folds it into its own backward GEMM for ∂W, so a
 *               penalty on h costs no extra H×B×D product (modified)
 * @param dA     C×H gradient with respect to the readout weights, or null when the encoder does not offer it
 *               (since API 0.2.0; modified)
 * @param db     gradient with respect to the readout bias (C values), or null likewise (modified)
 */
public record HiddenGradients(INDArray dW, INDArray dHhat, boolean wIsTrainable, INDArray dH, INDArray dA, INDArray db) {
    /** Accumulators without a pre-activation gradient: penalties on h then add (∂R/∂h)ᵀx to dW themselves. */
    public HiddenGradients(INDArray dW, INDArray dHhat, boolean wIsTrainable) {
        this(dW, dHhat, wIsTrainable, null, null, null);
    }

    /** Accumulators for the hidden layer only (no readout gradients). */
    public HiddenGradients(INDArray dW, INDArray dHhat, boolean wIsTrainable, INDArray dH) {
        this(dW, dHhat, wIsTrainable, dH, null, null);
    }

    /**
     * Adds a gradient with respect to the pre-activation h = x Wᵀ of inputs {@code x}: into {@link #dH}
     * when the encoder offers it (it joins the encoder's own ∂W GEMM), else as (∂h)ᵀ x into {@link #dW}.
     */
    public void addPreActivationGradient(INDArray gradH, INDArray x) {
        if (dH != null) {
            dH.addi(gradH);
        } else {
            dW.addi(gradH.transpose().mmul(x));
        }
    }
}
