package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.data.DataLoader;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.results.manifest.ScriptRecord;
import org.robustlab.core.results.manifest.RunRecord;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * Executes a {@link StudySpec} in stages: planning ({@link StudyPlanner}: every extension configured, so typos fail
 * before any training), data, {@link TrainingStage}, {@link CleanEvaluationStage}, {@link AttackStage},
 * {@link IndicatorStage}, {@link AnalysisStage}, then the listeners (the site). Each step runs behind the one
 * {@link StepGuard}: a failing step is recorded and the remaining steps still run; every finished result is kept,
 * {@code study.json} ({@link StudyManifest}) is written after every step, and the study ends with
 * {@link StudyFailedException}.
 */
public final class StudyRunner {
    private final StudyPlanner planner;
    private final PrintStream out;
    private final List<StudyListener> listeners = new ArrayList<>();
    private boolean fresh;
    private List<Path> reuseModelsFrom = List.of();

    public StudyRunner(ExtensionRegistry registry, PrintStream out) {
        this.planner = new StudyPlanner(registry);
        this.out = out;
    }

    /** Adds a listener run after the manifest is written (the site generator). */
    public StudyRunner onFinished(StudyListener listener) {
        listeners.add(listener);
        return this;
    }

    /** Recompute everything: ignore saved models, training checkpoints and finished steps. */
    public StudyRunner fresh(boolean fresh) {
        this.fresh = fresh;
        return this;
    }

    /**
     * Other study folders to copy saved models from when a model's cache key (parameters, data, seed, number type,
     * name) matches one there: an ablation reuses the main study's models instead of training them again.
     */
    public StudyRunner reuseModelsFrom(List<Path> studies) {
        this.reuseModelsFrom = List.copyOf(studies);
        return this;
    }

    /**
     * Runs the study, writing everything below {@code outDir}, which it locks for the whole run
     * ({@link OutputLock}). Models, epochs and steps an earlier run into the folder finished are
     * reused unless {@link #fresh} was asked for. {@code study.json} says {@code running} while it
     * runs, {@code failed} with the reasons on any error, {@code complete} only when every step and
     * the listeners (the site) succeeded.
     *
     * @param baseDir folder that relative data paths are resolved against (the script's folder)
     * @return the output folder
     */
    public Path run(StudySpec spec, Path outDir, Path baseDir) {
        StudyPlanner.Plan plan = planner.plan(spec);
        StudyFiles files = new StudyFiles(outDir);
        try (OutputLock lock = OutputLock.acquire(files.root())) {
            return runLocked(spec, plan, files, baseDir);
        }
    }

    private Path runLocked(StudySpec spec, StudyPlanner.Plan plan, StudyFiles files, Path baseDir) {
        long started = System.nanoTime();
        StudyManifest previous = previous(files.root());
        StudyContext ctx = new SeededContext(spec.seed, spec.dataType, files, out, baseDir);
        StudyManifest manifest = new StudyManifest();
        manifest.name = spec.name;
        manifest.status = StudyStatus.RUNNING;
        manifest.started = Instant.now().toString();
        manifest.pid = ProcessHandle.current().pid();
        manifest.seed = spec.seed;
        manifest.dataType = spec.dataType.toString();
        manifest.script = new ScriptRecord(spec.scriptName, spec.scriptText);
        manifest.environment = Provenance.environment();
        manifest.plugins = Provenance.plugins(plan.used());
        RunRecord current = new RunRecord(manifest.started, null, manifest.environment, manifest.plugins, List.of());
        if (!fresh && previous != null && java.util.Objects.equals(previous.name, manifest.name)
                && java.util.Objects.equals(previous.seed, manifest.seed)
                && java.util.Objects.equals(previous.dataType, manifest.dataType)) { // the same study resumed: keep its runs
            manifest.runs.addAll(previous.runs.isEmpty() ? List.of(RunRecord.of(previous)) : previous.runs);
        }
        String otherBuild = manifest.runs.stream().filter(r -> !r.sameBuild(current)).map(RunRecord::started)
                .findFirst().orElse(null);
        manifest.runs.add(current);
        StepGuard guard = new StepGuard(manifest.failures, out);
        StudyRun run = new StudyRun(spec, plan, ctx, files, manifest, fresh ? FinishedSteps.NONE : FinishedSteps.of(previous),
                guard, out, fresh, reuseModelsFrom);

        out.println("study '" + spec.name + "' -> " + files.root());
        if (previous != null && (StudyStatus.RUNNING.equals(previous.status) || StudyStatus.INTERRUPTED.equals(previous.status))) {
            out.println("the previous run into this folder (started " + previous.started + ") was interrupted;"
                    + (fresh ? " starting afresh (--fresh)" : " resuming: finished models, epochs and steps are reused"));
        }
        if (otherBuild != null) {
            String w = "this folder holds steps of runs on another build of robustlab or its plugins (the run started "
                    + otherBuild + "); study.json's \"runs\" lists each run's build and the steps it computed";
            manifest.warnings.add(w);
            out.println("note: " + w);
        }
        try {
            run.save();
            String blasAdvice = BlasKernels.advice(BlasKernels.requested(), BlasKernels.cpuFlags());
            if (blasAdvice != null) {
                out.println(blasAdvice);
            }
            DataLoader.TrainTest data = DataLoader.load(spec.data, baseDir, spec.dataType);
            manifest.data = dataInfo(spec, data);
            out.printf("data: %d train, %d test images (%s)%n", data.train().size(), data.test().size(), spec.data.kind());

            Map<String, TrainedModel> models = TrainingStage.run(run, data.train());
            CleanEvaluationStage.run(run, models, data.test());
            AttackStage.run(run, models, data.test());
            IndicatorStage.run(run, planner, models, data.test());
            AnalysisStage.run(run, models, data);
            if (run.reused > 0) {
                out.println("reused " + run.reused + " of " + (run.reused + run.computed)
                        + " finished steps of an earlier run (run --fresh to recompute them)");
            }
            manifest.stepsReused = run.reused;
            manifest.stepsComputed = run.computed;
        } catch (RuntimeException | Error e) {
            manifest.failures.add(StepGuard.message(e));
            finish(manifest, StudyStatus.FAILED, started);
            try {
                run.save();
            } catch (RuntimeException again) {
                out.println("could not record the failure in study.json: " + StepGuard.message(again));
            }
            throw e;
        }

        finish(manifest, manifest.failures.isEmpty() ? StudyStatus.COMPLETE : StudyStatus.FAILED, started);
        run.save();
        int before = manifest.failures.size();
        for (StudyListener l : listeners) {
            try {
                l.studyFinished(files.root());
            } catch (RuntimeException e) {
                manifest.failures.add("after the study: " + StepGuard.message(e));
            }
        }
        if (manifest.failures.size() > before) { // the site failed: the study is not complete
            manifest.status = StudyStatus.FAILED;
            run.save();
        }
        if (!manifest.failures.isEmpty()) {
            throw new StudyFailedException(manifest.failures);
        }
        return files.root();
    }

    /** The manifest an earlier run left in the folder, or null when there is none or it cannot be read. */
    private static StudyManifest previous(Path root) {
        try {
            return root.resolve(StudyManifest.FILE).toFile().isFile() ? StudyManifest.read(root) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, Object> dataInfo(StudySpec spec, DataLoader.TrainTest data) {
        Map<String, Object> info = new LinkedHashMap<>(spec.data.describe());
        info.put("trainImages", data.train().size());
        info.put("testImages", data.test().size());
        info.put("checksums", data.train().checksums().equals(data.test().checksums()) ? data.train().checksums()
                : Map.of("train", data.train().checksums(), "test", data.test().checksums()));
        return info;
    }

    private static void finish(StudyManifest manifest, String status, long started) {
        manifest.status = status;
        manifest.finished = Instant.now().toString();
        manifest.seconds = (System.nanoTime() - started) / 1e9;
    }
}
