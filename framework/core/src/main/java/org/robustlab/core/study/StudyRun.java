package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustlab.api.StudyContext;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * What every stage of one run shares: the study, its plan, the context (seed, files, console), the manifest being
 * filled, the finished steps of an earlier run, and the step guard.
 */
final class StudyRun {
    final StudySpec spec;
    final StudyPlanner.Plan plan;
    final StudyContext ctx;
    final StudyFiles files;
    final StudyManifest manifest;
    final FinishedSteps finished;
    final StepGuard guard;
    final PrintStream out;
    final boolean fresh;
    /** Other study folders whose saved models may be copied when their cache key matches ({@code --reuse-models}). */
    final List<Path> reuseModelsFrom;
    int reused;
    int computed;
    /** The steps this run computed, for its {@link org.robustlab.core.results.manifest.RunRecord}. */
    final List<String> computedSteps = new java.util.ArrayList<>();

    StudyRun(StudySpec spec, StudyPlanner.Plan plan, StudyContext ctx, StudyFiles files, StudyManifest manifest,
             FinishedSteps finished, StepGuard guard, PrintStream out, boolean fresh, List<Path> reuseModelsFrom) {
        this.spec = spec;
        this.plan = plan;
        this.ctx = ctx;
        this.files = files;
        this.manifest = manifest;
        this.finished = finished;
        this.guard = guard;
        this.out = out;
        this.fresh = fresh;
        this.reuseModelsFrom = List.copyOf(reuseModelsFrom);
    }

    /** Writes {@code study.json} as it stands (after every step, so a killed run keeps what it finished). */
    void save() {
        if (!manifest.runs.isEmpty()) { // the current run is the last record: bring its steps up to date
            int last = manifest.runs.size() - 1;
            manifest.runs.set(last, manifest.runs.get(last).with(computedSteps, manifest.finished));
        }
        ctx.files().writeJson(StudyManifest.FILE, manifest);
    }

    /** Counts a step this run computed and names it in the run's record. */
    void computed(String step) {
        computed++;
        computedSteps.add(step);
    }

    /** Content-key inputs every step shares: the data's identity, the seed and the number type. */
    Map<String, Object> stepBasis() {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("data", dataIdentity(manifest.data));
        k.put("seed", spec.seed);
        k.put("dataType", spec.dataType.toString());
        return k;
    }

    /** The content key of a trained model, as recorded in its manifest entry. */
    String modelKey(String name) {
        ModelEntry e = manifest.model(name);
        return e == null ? null : e.cacheKey();
    }

    /** The content keys of these models, by name. */
    Map<String, Object> modelKeys(Iterable<String> names) {
        Map<String, Object> keys = new LinkedHashMap<>();
        names.forEach(n -> keys.put(n, modelKey(n)));
        return keys;
    }

    /**
     * The data as the training cache sees it: kind, limits, image counts and file checksums, not the
     * path. The bytes identify the data; the same files moved elsewhere, or named by a relative path
     * from another folder, still find their trained models.
     */
    static Map<String, Object> dataIdentity(Map<String, Object> dataInfo) {
        Map<String, Object> identity = new LinkedHashMap<>(dataInfo);
        identity.remove("path");
        return identity;
    }
}
