package org.robustlab.api;

/**
 * One epoch of training.
 *
 * @param epoch          0-based epoch
 * @param loss           mean training loss (including penalties)
 * @param penalty        mean regularisation penalty (0 without regularizers)
 * @param trainAccuracy  accuracy on the training set, NaN when not measured
 * @param seconds        wall time of the epoch
 */
public record TrainingRecord(int epoch, double loss, double penalty, double trainAccuracy, double seconds) {
}
