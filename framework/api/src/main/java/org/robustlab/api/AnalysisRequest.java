package org.robustlab.api;

import java.util.List;
import java.util.Map;

/**
 * What an analyzer sees: the study's trained models (in study order), its data, and (since API 0.2.0) the
 * attacks' results and the script's claims.
 *
 * @param models   model name → model
 * @param train    training images
 * @param test     test images
 * @param attacks  every finished attack on every model (empty when the study has none)
 * @param claims   the script's {@code claim} statements (empty when it has none)
 */
public record AnalysisRequest(Map<String, TrainedModel> models, Dataset train, Dataset test, List<AttackOutcome> attacks,
                              List<Claim> claims) {
    /** A request without attack results or claims. */
    public AnalysisRequest(Map<String, TrainedModel> models, Dataset train, Dataset test) {
        this(models, train, test, List.of(), List.of());
    }
}
