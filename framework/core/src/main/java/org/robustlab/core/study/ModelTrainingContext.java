package org.robustlab.core.study;

import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Progress;
import org.robustlab.api.ResultFiles;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainingCheckpoints;
import org.robustlab.core.models.ModelCheckpoint;

/**
 * The study's context while one model trains: everything as the study's, plus that model's
 * per-epoch checkpoint, tied to its content key.
 */
final class ModelTrainingContext implements StudyContext {
    private final StudyContext study;
    private final String modelName;
    private final ModelCheckpoint checkpoint;

    ModelTrainingContext(StudyContext study, String modelName, ModelCheckpoint checkpoint) {
        this.study = study;
        this.modelName = modelName;
        this.checkpoint = checkpoint;
    }

    @Override
    public TrainingCheckpoints checkpoints(String name) {
        return modelName.equals(name) ? checkpoint : TrainingCheckpoints.NONE;
    }

    @Override
    public long seed() {
        return study.seed();
    }

    @Override
    public Random random(String purpose) {
        return study.random(purpose);
    }

    @Override
    public DataType dataType() {
        return study.dataType();
    }

    @Override
    public Progress progress(String label, long total) {
        return study.progress(label, total);
    }

    @Override
    public void log(String message) {
        study.log(message);
    }

    @Override
    public ResultFiles files() {
        return study.files();
    }

    @Override
    public INDArray readArray(Path file) {
        return study.readArray(file);
    }
}
