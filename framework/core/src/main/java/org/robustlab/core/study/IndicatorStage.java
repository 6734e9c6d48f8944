package org.robustlab.core.study;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.AttackOutcome;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.FileNames;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.results.manifest.IndicatorsEntry;
import org.robustlab.core.robustness.AttackIndicators;
import org.robustlab.core.robustness.AttackOutcomes;
import org.robustlab.core.robustness.SweepSettings;

/**
 * The indicators of attack failure for every finished attack (docs/robustness.md): after all attacks, since the
 * ordering check compares the attacks on a model and the transfer check uses the other models. Keyed by the step
 * keys of the model's attacks and the keys of all models, so a re-run reuses them.
 */
final class IndicatorStage {
    private IndicatorStage() {
    }

    static void run(StudyRun run, StudyPlanner planner, Map<String, TrainedModel> models, Dataset test) {
        Map<String, Object> modelKeys = run.modelKeys(models.keySet());
        for (TrainedModel model : models.values()) {
            List<Integer> mine = new ArrayList<>();
            for (int i = 0; i < run.manifest.attacks.size(); i++) {
                AttackEntry e = run.manifest.attacks.get(i);
                if (model.name().equals(e.model()) && e.finished()) {
                    mine.add(i);
                }
            }
            List<AttackEntry> entries = mine.stream().map(run.manifest.attacks::get).toList();
            List<AttackOutcome> outcomes = AttackOutcomes.read(run.ctx.files().root(), entries);
            List<AttackIndicators.Subject> subjects = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                String label = entries.get(i).label();
                subjects.add(new AttackIndicators.Subject(label, run.plan.attack(label).instance(), null, outcomes.get(i)));
            }
            for (int i = 0; i < entries.size(); i++) {
                AttackEntry entry = entries.get(i);
                int at = mine.get(i);
                Configured<Attack> a = run.plan.attack(entry.label());
                SweepSettings sweep = (SweepSettings) a.settings();
                if (!sweep.indicators()) {
                    continue;
                }
                Map<String, Object> keyInputs = run.stepBasis();
                keyInputs.put("step", "indicators");
                keyInputs.put("attack", entry.stepKey());
                keyInputs.put("attacksOnModel", entries.stream().map(AttackEntry::stepKey).toList());
                keyInputs.put("models", modelKeys);
                keyInputs.put("images", sweep.indicatorImages());
                String key = ContentKeys.of(keyInputs);
                String label = entry.label();
                IndicatorsEntry done = entry.indicators();
                if (done != null && key.equals(done.key()) && done.file() != null
                        && Files.isRegularFile(run.ctx.files().root().resolve(done.file()))) {
                    run.out.println("indicators of attack '" + label + "' on model '" + model.name() + "': reusing the finished result");
                    warnIfFired(run, done, label, model.name());
                    continue;
                }
                int subject = i;
                run.guard.run("indicators of attack '" + label + "' (" + StepGuard.origin(a) + ") on model '" + model.name() + "'",
                        error -> run.manifest.attacks.set(at, entry.withIndicators(IndicatorsEntry.failed(error))), () -> {
                            long t0 = System.nanoTime();
                            DifferentiableModel target = sweep.modelSpace() ? model.onPreprocessedInput() : model;
                            Dataset images = AttackStage.attackedImages(sweep, test);
                            Dataset inputs = sweep.modelSpace() ? AttackStage.inModelSpace(images, model) : images;
                            List<AttackIndicators.Subject> others = new ArrayList<>(subjects);
                            others.remove(subject);
                            AttackIndicators.Subject s = new AttackIndicators.Subject(label, a.instance(), planner.strengthened(a),
                                    subjects.get(subject).outcome());
                            Map<String, Object> result = AttackIndicators.evaluate(target, inputs, sweep.box(), s, others,
                                    surrogates(model, models, sweep, test), sweep.indicatorImages(),
                                    "indicators " + label + " on " + model.name(), run.ctx);
                            String file = "attacks/" + FileNames.of(model.name()) + "/" + FileNames.of(label) + "-diagnostics.json";
                            run.ctx.files().writeJson(file, result);
                            @SuppressWarnings("unchecked")
                            List<String> fired = (List<String>) result.get("fired");
                            IndicatorsEntry summary = new IndicatorsEntry(file, fired, key, null, (System.nanoTime() - t0) / 1e9);
                            run.manifest.attacks.set(at, entry.withIndicators(summary));
                            run.computedSteps.add("indicators of " + label + " on " + model.name());
                            warnIfFired(run, summary, label, model.name());
                        });
                run.save();
            }
        }
    }

    private static void warnIfFired(StudyRun run, IndicatorsEntry indicators, String label, String model) {
        if (indicators.fired() == null || indicators.fired().isEmpty()) {
            return;
        }
        String w = "attack '" + label + "' on model '" + model + "': indicators of attack failure fired: "
                + String.join(", ", indicators.fired()) + " (see " + indicators.file()
                + "); robustness numbers of this model under this attack may be overestimated";
        run.manifest.warnings.add(w);
        run.out.println("WARNING: " + w);
    }

    /**
     * The other models as surrogates for the transfer check. In the model's input space only models with the same
     * preprocessing qualify (their x̂ is the same input), checked on the first test images.
     */
    private static Map<String, DifferentiableModel> surrogates(TrainedModel model, Map<String, TrainedModel> models,
                                                               SweepSettings sweep, Dataset test) {
        Map<String, DifferentiableModel> s = new LinkedHashMap<>();
        INDArray probe = test.slice(0, Math.min(20, test.size())).features();
        INDArray mine = sweep.modelSpace() ? model.preprocess(probe).castTo(DataType.DOUBLE) : null;
        for (TrainedModel other : models.values()) {
            if (other.name().equals(model.name())) {
                continue;
            }
            if (!sweep.modelSpace()) {
                s.put(other.name(), other);
            } else if (other.preprocess(probe).castTo(DataType.DOUBLE).equalsWithEps(mine, 1e-6)) {
                s.put(other.name(), other.onPreprocessedInput());
            }
        }
        return s;
    }
}
