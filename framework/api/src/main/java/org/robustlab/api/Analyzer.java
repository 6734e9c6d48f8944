package org.robustlab.api;

import java.util.Map;

/**
 * Computes an analysis over the study's models (e.g. {@code spectrum}, {@code landscape},
 * {@code stir}) and writes its files below {@code analyses/<name>/}.
 */
public interface Analyzer extends StudyExtension {
    /** Runs the analysis; returns a JSON-able summary recorded in the study manifest. */
    Map<String, Object> analyze(AnalysisRequest request, StudyContext context);
}
