package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustlab.api.Dataset;
import org.robustlab.api.Regularizer;
import org.robustlab.api.SiteView;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.models.ModelCheckpoint;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.results.manifest.ModelEntry;

/**
 * The training stage: trains each model, or reuses the saved one when its content key (parameters, data, seed,
 * number type, name) is unchanged; a model in training resumes from its per-epoch checkpoint.
 */
final class TrainingStage {
    private TrainingStage() {
    }

    /** The trained (or reused) models by name; a model that failed is recorded and left out. */
    static Map<String, TrainedModel> run(StudyRun run, Dataset train) {
        ModelStore store = new ModelStore(run.files);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        for (StudyPlanner.PlannedModel pm : run.plan.models()) {
            String name = pm.spec().name();
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("encoder", pm.encoder().describe());
            provenance.put("regularizers", pm.regularizers().stream().map(Configured::describe).toList());
            Map<String, Object> keyInputs = new LinkedHashMap<>(provenance);
            keyInputs.put("data", StudyRun.dataIdentity(run.manifest.data));
            keyInputs.put("seed", run.spec.seed);
            keyInputs.put("dataType", run.spec.dataType.toString());
            keyInputs.put("model", name);
            String key = ModelStore.cacheKey(keyInputs);
            String folder = ModelStore.relativeFolder(name);
            run.manifest.models.add(ModelEntry.planned(name, pm.encoder().record(),
                    pm.regularizers().stream().map(Configured::record).toList(), key, folder));
            run.guard.run("training model '" + name + "' (" + StepGuard.origin(pm.encoder()) + ")",
                    error -> run.manifest.updateModel(name, e -> e.failed(error)), () -> {
                        long t0 = System.nanoTime();
                        Obtained got = obtain(run, store, pm, key, provenance, train);
                        TrainedModel model = got.model();
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        List<String> warnings = TrainingWarnings.of(name, model.history(), train.numClasses());
                        warnings.forEach(w -> run.out.println("WARNING: " + w));
                        run.manifest.warnings.addAll(warnings);
                        List<SiteView> views = ExistingViews.of(pm.encoder().instance().views(name, folder),
                                run.ctx.files().root());
                        run.manifest.updateModel(name, e -> e.trained(got.cached(), got.reusedFrom(), seconds, warnings, views));
                        models.put(name, model);
                    });
            run.save();
        }
        return models;
    }

    /** A model and where it came from: trained here (cached false), this folder's saved model, or another study's. */
    private record Obtained(TrainedModel model, boolean cached, String reusedFrom) {
    }

    /**
     * This folder's saved model when its key matches; else a matching saved model of a {@code --reuse-models} study,
     * copied here; else trained (resuming its per-epoch checkpoint) and saved.
     */
    private static Obtained obtain(StudyRun run, ModelStore store, StudyPlanner.PlannedModel pm, String key,
                                   Map<String, Object> provenance, Dataset train) {
        String name = pm.spec().name();
        if (run.fresh) {
            store.clear(name);
        }
        TrainedModel model = store.loadIfCached(name, key, pm.encoder().instance());
        if (model != null) {
            run.out.println("model '" + name + "': reusing the saved model (same parameters, data and seed)");
            return new Obtained(model, true, null);
        }
        for (int i = 0; !run.fresh && i < run.reuseModelsFrom.size(); i++) {
            // the same parameters, data, seed, number type and name in another study: copy, don't retrain
            if (store.adopt(name, key, run.reuseModelsFrom.get(i))) {
                model = store.loadIfCached(name, key, pm.encoder().instance());
                if (model != null) {
                    String from = run.reuseModelsFrom.get(i).toString();
                    run.out.println("model '" + name + "': reusing the saved model of " + from + " (same parameters, data and seed)");
                    return new Obtained(model, true, from);
                }
            }
        }
        run.out.println("training model '" + name + "' (" + pm.encoder().info().name() + ")");
        List<Regularizer> regs = pm.regularizers().stream().map(Configured::instance).toList();
        ModelCheckpoint checkpoint = new ModelCheckpoint(store.folder(name).resolve(ModelCheckpoint.FILE), key, run.out::println);
        // named before it starts, so a model resumed from its epoch checkpoint is named by every run that trained it
        run.computedSteps.add("train " + name);
        run.save();
        model = pm.encoder().instance().train(name, train, regs, new ModelTrainingContext(run.ctx, name, checkpoint));
        store.save(name, model, provenance, key);
        checkpoint.delete(); // the saved model supersedes it
        return new Obtained(model, false, null);
    }
}
