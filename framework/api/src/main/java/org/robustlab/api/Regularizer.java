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
}
