package org.robustlab.api;

import java.util.List;

/**
 * Builds and trains a model on labelled data (e.g. {@code kh}, {@code mlp}).
 * Configured through {@link Param} fields; {@link #train} is the one essential method.
 */
public interface Encoder extends StudyExtension {
    /**
     * Trains a model.
     *
     * @param modelName     the model's name in the study
     * @param train         training images (not modified)
     * @param regularizers  penalties added to the supervised loss, in order
     * @param context       seed, progress and files
     * @throws RobustlabException with model, epoch and likely cause when training diverges
     */
    TrainedModel train(String modelName, Dataset train, List<Regularizer> regularizers, StudyContext context);

    /** Rebuilds a model saved from {@link TrainedModel#export()}. */
    TrainedModel restore(String modelName, TrainedModel.SavedModel saved);

    /**
     * The site sections of the extra files {@link #train} writes into a model's folder (paths relative to the study
     * folder; {@code modelFolder} is e.g. {@code models/kh}). Files that are missing (a model saved by an older
     * version) leave their section out. Default: none. Since API 0.5.0.
     */
    default List<SiteView> views(String modelName, String modelFolder) {
        return List.of();
    }
}
