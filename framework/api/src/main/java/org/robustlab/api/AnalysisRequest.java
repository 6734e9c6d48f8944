package org.robustlab.api;

import java.util.Map;

/**
 * What an analyzer sees: the study's trained models (in study order) and its data.
 *
 * @param models  model name → model
 * @param train   training images
 * @param test    test images
 */
public record AnalysisRequest(Map<String, TrainedModel> models, Dataset train, Dataset test) {
}
