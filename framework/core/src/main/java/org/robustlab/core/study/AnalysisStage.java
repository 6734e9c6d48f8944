package org.robustlab.core.study;

import java.util.List;
import java.util.Map;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.SiteView;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.data.DataLoader;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.manifest.AnalysisEntry;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.robustness.AttackOutcomes;

/**
 * The analysis stage: each analyzer over the models and the finished attacks, with the site views it declares
 * checked against the files it wrote; reused when an earlier run finished the same step.
 */
final class AnalysisStage {
    private AnalysisStage() {
    }

    static void run(StudyRun run, Map<String, TrainedModel> models, DataLoader.TrainTest data) {
        List<AttackEntry> attacks = List.copyOf(run.manifest.attacks);
        AnalysisRequest withClaims = new AnalysisRequest(models, data.train(), data.test(),
                AttackOutcomes.read(run.ctx.files().root(), attacks), List.copyOf(run.spec.claims));
        AnalysisRequest withoutClaims = new AnalysisRequest(models, data.train(), data.test(), withClaims.attacks(), List.of());
        Map<String, Object> modelKeys = run.modelKeys(models.keySet());
        for (Configured<Analyzer> a : run.plan.analyzers()) {
            // an analyzer that does not read the claims neither sees them nor depends on them: adding a claim to a
            // finished study recomputes compare, not hours of spectra and landscapes
            boolean readsClaims = a.instance().readsClaims();
            AnalysisRequest request = readsClaims ? withClaims : withoutClaims;
            Map<String, Object> keyInputs = run.stepBasis();
            keyInputs.put("step", "analysis");
            keyInputs.put("models", modelKeys);
            keyInputs.put("analyzer", a.describe());
            keyInputs.put("attacks", attacks.stream().map(AttackEntry::stepKey).toList());
            if (readsClaims) {
                keyInputs.put("claims", run.spec.claims);
            }
            // an analyzer may read the files of those before it (compare reads powerlaw's fits): depend on them
            keyInputs.put("earlierAnalyses", run.manifest.analyses.stream().map(AnalysisEntry::stepKey).toList());
            String stepKey = ContentKeys.of(keyInputs);
            String who = "analyzer '" + a.info().name() + "' (" + StepGuard.origin(a) + ")";
            AnalysisEntry done = run.finished.analysis(stepKey);
            if (done != null) {
                List<SiteView> views = declaredViews(run, a, request, who, false);
                if (views != null) {
                    run.manifest.analyses.add(done.asReused(views));
                    run.reused++;
                    run.out.println("analysis '" + a.info().name() + "': reusing the finished result");
                    continue;
                } // a declared file is gone: compute again
            }
            int at = run.manifest.analyses.size();
            run.manifest.analyses.add(AnalysisEntry.started(a.record()));
            run.guard.run(who, error -> run.manifest.analyses.set(at, run.manifest.analyses.get(at).failed(error)), () -> {
                run.out.println("analysis '" + a.info().name() + "'");
                long t0 = System.nanoTime();
                Map<String, Object> summary = a.instance().analyze(request, run.ctx);
                List<SiteView> views = declaredViews(run, a, request, who, true);
                run.manifest.analyses.set(at, run.manifest.analyses.get(at).finished(summary, views, stepKey, (System.nanoTime() - t0) / 1e9));
                run.computed("analysis " + a.info().name());
            });
            run.save();
        }
    }

    /** The analyzer's views with every file present; else throws ({@code strict}) or returns null. */
    private static List<SiteView> declaredViews(StudyRun run, Configured<Analyzer> a, AnalysisRequest request, String who,
                                                boolean strict) {
        List<SiteView> declared;
        try {
            declared = a.instance().views(request);
        } catch (RuntimeException e) {
            if (strict) {
                throw e;
            }
            return null; // computed again below, under the step guard
        }
        if (strict) {
            return ExistingViews.require(declared, run.ctx.files().root(), who);
        }
        List<SiteView> present = ExistingViews.of(declared, run.ctx.files().root());
        return present.size() == (declared == null ? 0 : declared.size()) ? present : null;
    }
}
