package org.robustlab.core.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.FileNames;
import org.robustlab.api.InputBox;
import org.robustlab.api.Predictions;
import org.robustlab.core.robustness.CriticalBisection;
import org.robustlab.core.robustness.CriticalDistance;
import org.robustlab.core.robustness.RobustnessSweep;
import org.robustlab.core.robustness.SweepSettings;

/**
 * How an attack stage finds each image's critical ε on the grid: the full sweep over every ε (with metrics at each),
 * or per-image bisection ({@code bisect: true}). The minimal-ε refinement below the grid follows either.
 */
interface CriticalSearch {
    /**
     * The relative-accuracy rows ({@code epsilon, relative_accuracy, robust_accuracy, n_correct_subset, n_test}), the
     * per-image critical distances on the grid, and what the search spent.
     */
    record GridResult(List<List<?>> rows, List<CriticalDistance> critical, String mode, long gradientEvaluations,
                      Long sweepGradientEvaluations, Double evaluationRatio, Map<String, Object> diagnostics) {
    }

    /** One attack on one model. */
    record Target(String model, String label, DifferentiableModel differentiable, Attack attack, Dataset inputs,
                  Dataset subset, double[] grid, InputBox box, String purpose) {
    }

    GridResult search(StudyRun run, Target t);

    static CriticalSearch of(SweepSettings sweep) {
        return sweep.bisect() ? new Bisection() : new Sweep(sweep.extend());
    }

    /** Per-image bisection on the grid: far fewer gradient evaluations than a sweep; no per-ε metrics. */
    final class Bisection implements CriticalSearch {
        @Override
        public GridResult search(StudyRun run, Target t) {
            CriticalBisection.Result r = CriticalBisection.run(t.differentiable(), t.attack(), t.inputs(), t.grid(), t.purpose(),
                    run.ctx, t.box());
            int nCorrect = r.critical().size();
            List<List<?>> rows = new ArrayList<>();
            for (int k = 0; k < t.grid().length; k++) {
                rows.add(List.of(t.grid()[k], r.relativeAccuracy()[k], r.relativeAccuracy()[k] * nCorrect / t.subset().size(),
                        nCorrect, t.subset().size()));
            }
            return new GridResult(rows, r.critical(), "bisect", r.gradientEvaluations(), r.sweepEvaluations(),
                    r.sweepEvaluations() == 0 ? Double.NaN : (double) r.gradientEvaluations() / r.sweepEvaluations(), null);
        }
    }

    /** The full sweep: every ε of the grid (grown while accuracy still falls, if asked), with the metrics at each. */
    final class Sweep implements CriticalSearch {
        private final boolean extend;

        Sweep(boolean extend) {
            this.extend = extend;
        }

        @Override
        public GridResult search(StudyRun run, Target t) {
            List<Map<String, Object>> perEps = new ArrayList<>();
            MetricEvaluation metrics = new MetricEvaluation(run.plan, run.ctx);
            RobustnessSweep.Result r = RobustnessSweep.run(t.differentiable(), t.attack(), t.inputs(), t.grid(),
                    extend ? RobustnessSweep.Extension.DEFAULT : RobustnessSweep.Extension.NONE, t.purpose(), run.ctx, pt -> {
                        if (!run.plan.metrics().isEmpty()) {
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("epsilon", pt.epsilon());
                            one.put("metrics", metrics.evaluate(new Predictions(t.model(), t.label() + "@" + pt.epsilon(),
                                    t.subset().labels(), pt.predictions(), t.subset().classNames())));
                            perEps.add(one);
                        }
                    }, t.box());
            List<List<?>> rows = new ArrayList<>();
            for (RobustnessSweep.Point pt : r.points()) {
                rows.add(List.of(pt.epsilon(), pt.relativeAccuracy(), pt.robustAccuracy(), pt.nCorrectSubset(), pt.nTest()));
            }
            if (!perEps.isEmpty()) {
                run.ctx.files().writeJson("metrics/" + FileNames.of(t.model()) + "/" + FileNames.of(t.label()) + ".json", perEps);
            }
            metrics.reportFailures(run.guard, t.model() + "/" + t.label() + " (per eps)");
            return new GridResult(rows, r.critical(), "sweep", r.gradientEvaluations(), null, null, r.diagnostics());
        }
    }
}
