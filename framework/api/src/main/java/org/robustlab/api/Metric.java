package org.robustlab.api;

import java.util.Map;

/** Scores predictions (e.g. {@code evaluation}: accuracy, per-class F1, confusion matrix). */
public interface Metric extends StudyExtension {
    /** Returns JSON-able metric values for one set of predictions. */
    Map<String, Object> evaluate(Predictions predictions, StudyContext context);
}
