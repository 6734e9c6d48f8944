package org.robustlab.api;

import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What the running study gives every extension call: the seed, the numeric type, progress
 * reporting and the result files. Implemented by the host.
 */
public interface StudyContext {
    /** The study's master seed. */
    long seed();

    /**
     * A generator seeded from the master seed and {@code purpose}, so that each consumer gets an
     * independent, reproducible stream (e.g. {@code "train/mlp-l2/shuffle"}).
     */
    Random random(String purpose);

    /** The ND4J data type numerics should use (FLOAT unless the study says otherwise). */
    DataType dataType();

    /** Starts a progress display for {@code total} units. */
    Progress progress(String label, long total);

    /** Writes a line to the study log (and the console). */
    void log(String message);

    /** Result files below the study's output folder. */
    ResultFiles files();

    /**
     * Reads an array saved in NumPy's {@code .npy} format (float32/float64/int32/int64), e.g. a
     * parameter naming initial weights. Relative paths are resolved against the study script's folder.
     *
     * @throws RobustlabException naming the file when it is missing or not a readable .npy
     */
    INDArray readArray(Path file);

    /**
     * Per-epoch checkpoints of model {@code modelName} (since API 0.2.0). Hosts without them, and
     * contexts outside a study's training step, return {@link TrainingCheckpoints#NONE}.
     */
    default TrainingCheckpoints checkpoints(String modelName) {
        return TrainingCheckpoints.NONE;
    }
}
