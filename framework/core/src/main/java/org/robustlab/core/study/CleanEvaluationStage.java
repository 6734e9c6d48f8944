package org.robustlab.core.study;

import java.util.List;
import java.util.Map;
import org.robustlab.api.Dataset;
import org.robustlab.api.FileNames;
import org.robustlab.api.Predictions;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.manifest.FileRef;
import org.robustlab.core.results.manifest.ModelEntry;

/** The evaluation stage: each model's clean test accuracy and metrics, reused when an earlier run finished them. */
final class CleanEvaluationStage {
    private CleanEvaluationStage() {
    }

    /** Evaluates every trained model; a model whose prediction fails is recorded and removed from {@code models}. */
    static void run(StudyRun run, Map<String, TrainedModel> models, Dataset test) {
        for (ModelEntry entry : List.copyOf(run.manifest.models)) {
            TrainedModel model = models.get(entry.name());
            if (model == null) {
                continue;
            }
            Map<String, Object> keyInputs = run.stepBasis();
            keyInputs.put("step", "clean evaluation");
            keyInputs.put("model", entry.cacheKey());
            keyInputs.put("metrics", run.plan.metrics().stream().map(Configured::describe).toList());
            String stepKey = ContentKeys.of(keyInputs);
            ModelEntry done = run.finished.evaluation(stepKey, run.ctx.files().root());
            if (done != null) {
                run.manifest.updateModel(entry.name(), e -> e.evaluated(done.cleanAccuracy(), done.metrics(), done.predictions(),
                        stepKey, true));
                run.reused++;
                run.out.printf("model '%s': clean test accuracy %.4f (reused)%n", model.name(), done.cleanAccuracy());
                continue;
            }
            int[][] pred = new int[1][];
            if (!run.guard.run("predicting with model '" + model.name() + "'",
                    error -> run.manifest.updateModel(entry.name(), e -> e.failed(error)),
                    () -> pred[0] = model.predict(test.features()))) {
                models.remove(model.name());
                run.save();
                continue;
            }
            int ok = 0;
            for (int i = 0; i < pred[0].length; i++) {
                ok += pred[0][i] == test.labels()[i] ? 1 : 0;
            }
            double acc = (double) ok / Math.max(1, pred[0].length);
            run.out.printf("model '%s': clean test accuracy %.4f%n", model.name(), acc);
            // per image, so statistics over test images (the claims' bootstrap, paired tests) can be recomputed from files
            FileRef predictions = new FileRef("metrics/" + FileNames.of(model.name()) + "/clean-predictions.csv");
            List<List<?>> rows = new java.util.ArrayList<>(pred[0].length);
            for (int i = 0; i < pred[0].length; i++) {
                rows.add(List.of(i, test.labels()[i], pred[0][i]));
            }
            run.ctx.files().writeCsv(predictions.file(), List.of("index", "label", "predicted"), rows);
            MetricEvaluation metrics = new MetricEvaluation(run.plan, run.ctx);
            Map<String, Object> all = metrics.evaluate(new Predictions(model.name(), "clean", test.labels(), pred[0],
                    test.classNames()));
            boolean failed = metrics.reportFailures(run.guard, model.name() + "/clean");
            FileRef file = null;
            if (!all.isEmpty()) {
                file = new FileRef("metrics/" + FileNames.of(model.name()) + "/clean.json");
                run.ctx.files().writeJson(file.file(), all);
            }
            FileRef written = file;
            // a failed metric leaves no step key, so the next run evaluates again
            run.manifest.updateModel(entry.name(), e -> e.evaluated(acc, written, predictions, failed ? null : stepKey, false));
            run.computed("clean evaluation of " + entry.name());
            run.save();
        }
    }
}
