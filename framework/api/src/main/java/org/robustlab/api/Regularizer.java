package org.robustlab.api;

import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A penalty on the hidden layer added to the supervised loss (e.g. {@code l2}, {@code jacobian},
 * {@code spectral}).
 */
public interface Regularizer extends StudyExtension {
    /**
     * Returns the penalty for this batch (already multiplied by its strength) and adds its
     * gradient into {@code gradients}.
     */
    double penalty(HiddenBatch batch, HiddenGradients gradients);

    /**
     * Called before every epoch with a function that maps inputs to ĥ under the current weights
     * and the training inputs; regularizers that need whole-data statistics (spectral) compute
     * them here.
     */
    default void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation,
                             StudyContext context) {
    }

    /**
     * As {@link #beforeEpoch(int, INDArray, Function, StudyContext)}, also given the map from
     * inputs to the pre-activation h = pre(x) Wᵀ, for regularizers that can act on h instead of ĥ.
     * Encoders call this one; the default forwards to the four-argument form.
     */
    default void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation,
                             Function<INDArray, INDArray> preActivation, StudyContext context) {
        beforeEpoch(epoch, trainInputs, representation, context);
    }
}
