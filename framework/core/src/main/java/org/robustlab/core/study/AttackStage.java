package org.robustlab.core.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.FileNames;
import org.robustlab.api.InputBox;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.results.manifest.MinimalEpsilonRecord;
import org.robustlab.core.robustness.CriticalDistance;
import org.robustlab.core.robustness.DistanceSummary;
import org.robustlab.core.robustness.MinimalEpsilonSearch;
import org.robustlab.core.robustness.SweepSettings;

/**
 * The attack stage: every attack on every model, its critical ε found by the attack's {@link CriticalSearch} (sweep or
 * bisection) and, with a tolerance, refined below the grid; reused when an earlier run finished the same step.
 */
final class AttackStage {
    private AttackStage() {
    }

    static void run(StudyRun run, Map<String, TrainedModel> models, Dataset test) {
        for (TrainedModel model : models.values()) {
            for (int i = 0; i < run.plan.attacks().size(); i++) {
                attack(run, model, run.plan.attacks().get(i), run.plan.attackLabels().get(i), test);
                run.save();
            }
        }
    }

    private static void attack(StudyRun run, TrainedModel model, Configured<Attack> a, String label, Dataset test) {
        SweepSettings sweep = (SweepSettings) a.settings();
        Map<String, Object> keyInputs = run.stepBasis();
        keyInputs.put("step", "attack");
        keyInputs.put("model", run.modelKey(model.name()));
        keyInputs.put("label", label);
        keyInputs.put("attack", a.describe());
        keyInputs.put("hostArgs", a.ref().args());
        // the resolved host settings too: a changed default (or a new host key) must not reuse an old result
        keyInputs.put("sweep", org.robustlab.core.params.Params.describe(sweep));
        keyInputs.put("metrics", run.plan.metrics().stream().map(Configured::describe).toList());
        String stepKey = ContentKeys.of(keyInputs);
        AttackEntry done = run.finished.attack(stepKey, run.ctx.files().root());
        if (done != null) {
            run.manifest.attacks.add(done.asReused());
            run.reused++;
            run.out.println("attack '" + label + "' on model '" + model.name() + "': reusing the finished result");
            return;
        }
        int at = run.manifest.attacks.size();
        run.manifest.attacks.add(AttackEntry.started(model.name(), label, a.record()));
        run.guard.run("attack '" + label + "' (" + StepGuard.origin(a) + ") on model '" + model.name() + "'",
                error -> run.manifest.attacks.set(at, run.manifest.attacks.get(at).failed(error)), () -> {
                    long t0 = System.nanoTime();
                    run.manifest.attacks.set(at, compute(run, model, a, label, sweep, test, stepKey, t0));
                    run.computed("attack " + label + " on " + model.name());
                });
    }

    private static AttackEntry compute(StudyRun run, TrainedModel model, Configured<Attack> a, String label,
                                       SweepSettings sweep, Dataset test, String stepKey, long started) {
        double[] eps = sweep.grid(a.instance().normType());
        Dataset subset = attackedImages(sweep, test);
        // space 'model': the attack sees x̂ = pre(x) and the model as a function of x̂; distances are in x̂
        DifferentiableModel target = sweep.modelSpace() ? model.onPreprocessedInput() : model;
        Dataset inputs = sweep.modelSpace() ? inModelSpace(subset, model) : subset;
        InputBox box = sweep.box();
        String base = "attacks/" + FileNames.of(model.name()) + "/" + FileNames.of(label);
        String purpose = "attack " + label + " on " + model.name();
        CriticalSearch.GridResult grid = CriticalSearch.of(sweep).search(run,
                new CriticalSearch.Target(model.name(), label, target, a.instance(), inputs, subset, eps, box, purpose));
        run.ctx.files().writeCsv(base + ".csv", List.of("epsilon", "relative_accuracy", "robust_accuracy",
                "n_correct_subset", "n_test"), grid.rows());
        double[] tried = grid.rows().stream().mapToDouble(r -> ((Number) r.get(0)).doubleValue()).toArray();
        List<CriticalDistance> critical = grid.critical();
        double[] lower;
        Map<String, Object> onGrid = null;
        MinimalEpsilonRecord refined = null;
        if (sweep.tolerance() > 0) {
            // resolve each critical ε below the grid's resolution (the grid only brackets it)
            Dataset attacked = inputs.select(critical.stream().mapToInt(CriticalDistance::index).toArray());
            MinimalEpsilonSearch.Result m = MinimalEpsilonSearch.refine(target, a.instance(), attacked, critical, tried,
                    sweep.tolerance(), purpose, run.ctx, box);
            onGrid = DistanceSummary.of(critical);
            refined = new MinimalEpsilonRecord(sweep.tolerance(), m.gradientEvaluations(), m.rounds(), m.widest());
            critical = m.critical();
            lower = m.lower();
        } else {
            lower = critical.stream().mapToDouble(c -> c.censored() ? c.criticalEpsilon()
                    : MinimalEpsilonSearch.below(tried, c.criticalEpsilon())).toArray();
        }
        List<List<?>> crit = new ArrayList<>();
        for (int k = 0; k < critical.size(); k++) {
            CriticalDistance c = critical.get(k);
            crit.add(List.of(c.index(), c.label(), c.criticalEpsilon(), c.distance(), c.censored(), lower[k]));
        }
        // epsilon_lower: the largest ε known not to flip the image (0 if none), so [lower, critical] brackets it
        run.ctx.files().writeCsv(base + "-critical.csv", List.of("index", "label", "critical_epsilon",
                "critical_distance", "censored", "epsilon_lower"), crit);
        List<Object> boxRecord = List.of(box.lo(), Double.isInfinite(box.hi()) ? "inf" : box.hi());
        return new AttackEntry(model.name(), label, a.record(), sweep.space(), boxRecord, grid.mode(),
                a.instance().normType().key(), base + ".csv", base + "-critical.csv", DistanceSummary.of(critical), onGrid,
                refined, grid.gradientEvaluations(), grid.sweepGradientEvaluations(), grid.evaluationRatio(),
                grid.diagnostics(), (System.nanoTime() - started) / 1e9, stepKey, null, null, null);
    }

    static Dataset attackedImages(SweepSettings sweep, Dataset test) {
        return sweep.subset() > 0 && sweep.subset() < test.size() ? test.slice(0, sweep.subset()) : test;
    }

    /** The test images as the model sees them (x̂ = pre(x)), for attacks in the model's input space. */
    static Dataset inModelSpace(Dataset images, TrainedModel model) {
        return new Dataset(images.name() + " (model input space of " + model.name() + ")", model.preprocess(images.features()),
                images.labels(), images.classNames(), images.imageShape(), images.checksums());
    }
}
