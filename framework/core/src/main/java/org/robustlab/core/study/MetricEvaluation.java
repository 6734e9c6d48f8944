package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustlab.api.Metric;
import org.robustlab.api.Predictions;
import org.robustlab.api.StudyContext;

/**
 * The one metric path, for clean predictions and for every ε of an attack: every metric on one set of predictions,
 * each isolated, so a failing metric is left out (its first failure kept) and the others are still evaluated.
 */
final class MetricEvaluation {
    private final StudyPlanner.Plan plan;
    private final StudyContext ctx;
    /** Metric description → its first failure message. */
    private final Map<String, String> failed = new LinkedHashMap<>();

    MetricEvaluation(StudyPlanner.Plan plan, StudyContext ctx) {
        this.plan = plan;
        this.ctx = ctx;
    }

    /** Metric name → its result; metrics that threw are left out. */
    Map<String, Object> evaluate(Predictions p) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Configured<Metric> m : plan.metrics()) {
            try {
                all.put(m.info().name(), m.instance().evaluate(p, ctx));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                StepGuard.rethrowIfFatal(e);
                failed.putIfAbsent("metric '" + m.info().name() + "' (" + StepGuard.origin(m) + ")", StepGuard.message(e));
            }
        }
        return all;
    }

    /** Reports each metric that failed, once, as {@code <metric> on <what>: <message>}; returns whether any did. */
    boolean reportFailures(StepGuard guard, String what) {
        failed.forEach((metric, why) -> guard.report(metric + " on " + what + ": " + why));
        return !failed.isEmpty();
    }
}
