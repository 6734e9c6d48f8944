package org.robustlab.api;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A model produced by an {@link Encoder}: differentiable, with its history and arrays to save. */
public interface TrainedModel extends DifferentiableModel {
    /** Per-epoch records of the supervised (and, if any, unsupervised) training. */
    List<TrainingRecord> history();

    /**
     * Everything needed to rebuild the model: JSON-able metadata (becomes {@code model.json})
     * and named arrays (become {@code NAME.npy}). {@link Encoder#restore} reverses it.
     */
    SavedModel export();

    /** Model contents for saving: metadata plus named arrays. */
    record SavedModel(Map<String, Object> metadata, Map<String, INDArray> arrays) {
    }

    /** The same model at initialisation (before any training), when the encoder can give it. */
    default DifferentiableModel initial() {
        return null;
    }
}
