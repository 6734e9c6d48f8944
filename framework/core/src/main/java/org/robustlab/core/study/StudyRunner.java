package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.FileNames;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Encoder;
import org.robustlab.api.Metric;
import org.robustlab.api.Predictions;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.data.DataLoader;
import org.robustlab.core.models.ModelCheckpoint;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.plugin.ExtensionInfo;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.results.ContentKeys;
import org.robustlab.core.results.NoSpaceLeftException;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.robustness.AttackOutcomes;
import org.robustlab.api.AttackOutcome;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.core.robustness.CriticalBisection;
import org.robustlab.core.robustness.MinimalEpsilonSearch;
import org.robustlab.core.robustness.AttackIndicators;
import org.robustlab.core.robustness.CriticalDistance;
import org.robustlab.core.robustness.DistanceSummary;
import org.robustlab.core.robustness.SweepSettings;
import org.robustlab.core.robustness.RobustnessSweep;

/**
 * Executes a {@link StudySpec}: configure every extension (so typos fail before any training),
 * load data, train (or reuse) each model, evaluate, attack, analyze, then write
 * {@code study.json}. A failing step is recorded and the remaining steps still run; every
 * finished result is kept and the study ends with {@link StudyFailedException}.
 */
public final class StudyRunner {
    private final ExtensionRegistry registry;
    private final PrintStream out;
    private final List<StudyListener> listeners = new ArrayList<>();
    private boolean fresh;

    public StudyRunner(ExtensionRegistry registry, PrintStream out) {
        this.registry = registry;
        this.out = out;
    }

    /** Adds a listener run after the manifest is written (the site generator). */
    public StudyRunner onFinished(StudyListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The configured extensions of a study, checked before anything runs. */
    record Plan(List<PlannedModel> models, List<Configured<Attack>> attacks, List<Configured<Analyzer>> analyzers,
                List<Configured<Metric>> metrics) {
        List<ExtensionInfo> used() {
            List<ExtensionInfo> all = new ArrayList<>();
            models.forEach(m -> {
                all.add(m.encoder.info());
                m.regularizers.forEach(r -> all.add(r.info()));
            });
            attacks.forEach(a -> all.add(a.info()));
            analyzers.forEach(a -> all.add(a.info()));
            metrics.forEach(a -> all.add(a.info()));
            return all;
        }
    }

    record PlannedModel(ModelSpec spec, Configured<Encoder> encoder, List<Configured<Regularizer>> regularizers) {
    }

    /** Resolves and configures every reference; throws at the first bad one (with its script line). */
    public Plan plan(StudySpec spec) {
        List<PlannedModel> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> folders = new HashMap<>();
        for (ModelSpec m : spec.models) {
            if (!names.add(m.name())) {
                throw new RobustlabException((m.where().isEmpty() ? "" : m.where() + " ") + "model name '" + m.name()
                        + "' is used twice; give each model its own name");
            }
            // case-insensitive file systems (macOS, Windows) would let 'BP' overwrite 'bp'
            String other = folders.putIfAbsent(FileNames.of(m.name()).toLowerCase(java.util.Locale.ROOT), m.name());
            if (other != null) {
                throw new RobustlabException((m.where().isEmpty() ? "" : m.where() + " ") + "models '" + other + "' and '"
                        + m.name() + "' would share the folder models/" + FileNames.of(m.name())
                        + " on a case-insensitive file system; rename one");
            }
            Configured<Encoder> enc = Configured.of(registry, ExtensionKind.ENCODER, m.encoder(), null);
            List<Configured<Regularizer>> regs = new ArrayList<>();
            for (ComponentRef r : m.regularizers()) {
                regs.add(Configured.of(registry, ExtensionKind.REGULARIZER, r, null));
            }
            models.add(new PlannedModel(m, enc, regs));
        }
        List<Configured<Attack>> attacks = new ArrayList<>();
        for (ComponentRef a : spec.attacks) {
            Configured<Attack> c = Configured.of(registry, ExtensionKind.ATTACK, a, new SweepSettings());
            try {
                c.instance().normType(); // an unknown norm fails here, before any training, not after it
            } catch (RobustlabException e) {
                throw new RobustlabException("attack '" + c.instance().name() + "': " + e.getMessage(), e);
            }
            attacks.add(c);
        }
        List<Configured<Analyzer>> analyzers = new ArrayList<>();
        for (ComponentRef a : spec.analyzers) {
            analyzers.add(Configured.of(registry, ExtensionKind.ANALYZER, a, null));
        }
        List<ComponentRef> metricRefs = new ArrayList<>(spec.metrics);
        if (metricRefs.isEmpty() && registry.names(ExtensionKind.METRIC).contains("evaluation")) {
            metricRefs.add(ComponentRef.of("evaluation"));
        }
        List<Configured<Metric>> metrics = new ArrayList<>();
        for (ComponentRef m : metricRefs) {
            metrics.add(Configured.of(registry, ExtensionKind.METRIC, m, null));
        }
        checkClaims(spec);
        if (models.isEmpty() && !(attacks.isEmpty() && analyzers.isEmpty())) {
            throw new RobustlabException("the study attacks or analyzes models but declares none; add e.g. encoder mlp");
        }
        return new Plan(models, attacks, analyzers, metrics);
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
        Plan plan = plan(spec);
        StudyFiles files = new StudyFiles(outDir);
        try (OutputLock lock = OutputLock.acquire(files.root())) {
            return runLocked(spec, plan, files, baseDir);
        }
    }

    /** Recompute everything: ignore saved models, training checkpoints and finished steps. */
    public StudyRunner fresh(boolean fresh) {
        this.fresh = fresh;
        return this;
    }

    private Path runLocked(StudySpec spec, Plan plan, StudyFiles files, Path baseDir) {
        long started = System.nanoTime();
        Map<String, Object> previous = StudyStatus.read(files.root());
        Steps steps = new Steps(fresh ? FinishedSteps.NONE : FinishedSteps.of(previous));
        StudyContext ctx = new SeededContext(spec.seed, spec.dataType, files, out, baseDir);
        Map<String, Object> manifest = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        manifest.put("name", spec.name);
        manifest.put("status", StudyStatus.RUNNING);
        manifest.put("started", Instant.now().toString());
        manifest.put("pid", ProcessHandle.current().pid());
        manifest.put("seed", spec.seed);
        manifest.put("dataType", spec.dataType.toString());
        manifest.put("script", Map.of("name", spec.scriptName, "text", spec.scriptText));
        manifest.put("environment", Provenance.environment());
        manifest.put("plugins", Provenance.plugins(plan.used()));
        manifest.put("failures", failures);

        out.println("study '" + spec.name + "' -> " + files.root());
        if (StudyStatus.RUNNING.equals(previous.get("status")) || StudyStatus.INTERRUPTED.equals(previous.get("status"))) {
            out.println("the previous run into this folder (started " + previous.get("started") + ") was interrupted;"
                    + (fresh ? " starting afresh (--fresh)" : " resuming: finished models, epochs and steps are reused"));
        }
        try {
            files.writeJson("study.json", manifest);
            String blasAdvice = BlasKernels.advice(BlasKernels.requested(), BlasKernels.cpuFlags());
            if (blasAdvice != null) {
                out.println(blasAdvice);
            }
            DataLoader.TrainTest data = DataLoader.load(spec.data, baseDir, spec.dataType);
            Map<String, Object> dataInfo = new LinkedHashMap<>(spec.data.describe());
            dataInfo.put("trainImages", data.train().size());
            dataInfo.put("testImages", data.test().size());
            dataInfo.put("checksums", data.train().checksums().equals(data.test().checksums()) ? data.train().checksums()
                    : Map.of("train", data.train().checksums(), "test", data.test().checksums()));
            manifest.put("data", dataInfo);
            out.printf("data: %d train, %d test images (%s)%n", data.train().size(), data.test().size(), spec.data.kind());

            Map<String, TrainedModel> models = trainModels(spec, plan, data, files, ctx, manifest, failures);
            evaluateClean(spec, plan, models, data.test(), ctx, manifest, failures, steps);
            runAttacks(spec, plan, models, data.test(), ctx, manifest, failures, steps);
            runIndicators(spec, plan, models, data.test(), ctx, manifest, failures);
            runAnalyzers(spec, plan, models, data, ctx, manifest, failures, steps);
            if (steps.reused > 0) {
                out.println("reused " + steps.reused + " of " + (steps.reused + steps.computed)
                        + " finished steps of an earlier run (run --fresh to recompute them)");
            }
            manifest.put("stepsReused", steps.reused);
            manifest.put("stepsComputed", steps.computed);
        } catch (RuntimeException | Error e) {
            failures.add(message(e));
            finish(manifest, StudyStatus.FAILED, started);
            try {
                files.writeJson("study.json", manifest);
            } catch (RuntimeException again) {
                out.println("could not record the failure in study.json: " + message(again));
            }
            throw e;
        }

        finish(manifest, failures.isEmpty() ? StudyStatus.COMPLETE : StudyStatus.FAILED, started);
        files.writeJson("study.json", manifest);
        int before = failures.size();
        for (StudyListener l : listeners) {
            try {
                l.studyFinished(files.root());
            } catch (RuntimeException e) {
                failures.add("after the study: " + message(e));
            }
        }
        if (failures.size() > before) { // the site failed: the study is not complete
            manifest.put("status", StudyStatus.FAILED);
            files.writeJson("study.json", manifest);
        }
        if (!failures.isEmpty()) {
            throw new StudyFailedException(failures);
        }
        return files.root();
    }

    private static void finish(Map<String, Object> manifest, String status, long started) {
        manifest.put("status", status);
        manifest.put("finished", Instant.now().toString());
        manifest.put("seconds", (System.nanoTime() - started) / 1e9);
    }

    /** Finished steps of an earlier run, and how many steps this run reused and computed. */
    private static final class Steps {
        final FinishedSteps finished;
        int reused;
        int computed;

        Steps(FinishedSteps finished) {
            this.finished = finished;
        }
    }

    /** Content-key inputs every step shares: the data's identity, the seed and the number type. */
    private static Map<String, Object> stepBasis(StudySpec spec, Map<String, Object> manifest) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("data", dataIdentity(manifest.get("data")));
        k.put("seed", spec.seed);
        k.put("dataType", spec.dataType.toString());
        return k;
    }

    /**
     * The data as the training cache sees it: kind, limits, image counts and file checksums, not the
     * path. The bytes identify the data; the same files moved elsewhere, or named by a relative path
     * from another folder, still find their trained models.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> dataIdentity(Object dataInfo) {
        Map<String, Object> identity = new LinkedHashMap<>((Map<String, Object>) dataInfo);
        identity.remove("path");
        return identity;
    }

    private Map<String, TrainedModel> trainModels(StudySpec spec, Plan plan, DataLoader.TrainTest data, StudyFiles files,
                                                  StudyContext ctx, Map<String, Object> manifest, List<String> failures) {
        ModelStore store = new ModelStore(files);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        manifest.put("models", entries);
        for (PlannedModel pm : plan.models()) {
            String name = pm.spec().name();
            Map<String, Object> provenance = new LinkedHashMap<>();
            provenance.put("encoder", pm.encoder().describe());
            provenance.put("regularizers", pm.regularizers().stream().map(Configured::describe).toList());
            Map<String, Object> keyInputs = new LinkedHashMap<>(provenance);
            keyInputs.put("data", dataIdentity(manifest.get("data")));
            keyInputs.put("seed", spec.seed);
            keyInputs.put("dataType", spec.dataType.toString());
            keyInputs.put("model", name);
            String key = ModelStore.cacheKey(keyInputs);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.putAll(provenance);
            entry.put("cacheKey", key);
            entry.put("folder", ModelStore.relativeFolder(name));
            entries.add(entry);
            try {
                long t0 = System.nanoTime();
                if (fresh) {
                    store.clear(name);
                }
                TrainedModel model = store.loadIfCached(name, key, pm.encoder().instance());
                entry.put("cached", model != null);
                if (model == null) {
                    out.println("training model '" + name + "' (" + pm.encoder().info().name() + ")");
                    List<Regularizer> regs = pm.regularizers().stream().map(Configured::instance).toList();
                    ModelCheckpoint checkpoint = new ModelCheckpoint(store.folder(name).resolve(ModelCheckpoint.FILE), key,
                            out::println);
                    model = pm.encoder().instance().train(name, data.train(), regs,
                            new ModelTrainingContext(ctx, name, checkpoint));
                    store.save(name, model, provenance, key);
                    checkpoint.delete(); // the saved model supersedes it
                } else {
                    out.println("model '" + name + "': reusing the saved model (same parameters, data and seed)");
                }
                entry.put("trainSeconds", (System.nanoTime() - t0) / 1e9);
                List<String> warnings = TrainingWarnings.of(name, model.history(), data.train().numClasses());
                if (!warnings.isEmpty()) {
                    entry.put("warnings", warnings);
                    manifestWarnings(manifest).addAll(warnings);
                    warnings.forEach(w -> out.println("WARNING: " + w));
                }
                models.put(name, model);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                rethrowIfFatal(e);
                stepFailed(entry, failures, "training model '" + name + "' (" + origin(pm.encoder()) + ")", e);
            }
            files.writeJson("study.json", manifest);
        }
        return models;
    }

    private void evaluateClean(StudySpec spec, Plan plan, Map<String, TrainedModel> models, Dataset test, StudyContext ctx,
                               Map<String, Object> manifest, List<String> failures, Steps steps) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) manifest.get("models");
        for (Map<String, Object> entry : entries) {
            TrainedModel model = models.get((String) entry.get("name"));
            if (model == null) {
                continue;
            }
            Map<String, Object> keyInputs = stepBasis(spec, manifest);
            keyInputs.put("step", "clean evaluation");
            keyInputs.put("model", entry.get("cacheKey"));
            keyInputs.put("metrics", plan.metrics().stream().map(Configured::describe).toList());
            String stepKey = ContentKeys.of(keyInputs);
            Map<String, Object> done = steps.finished.find(stepKey, ctx.files().root(), List.of("metrics"));
            if (done != null && done.get("cleanAccuracy") instanceof Number acc) {
                entry.put("cleanAccuracy", acc.doubleValue());
                entry.put("metrics", done.getOrDefault("metrics", Map.of()));
                entry.put("stepKey", stepKey);
                entry.put("evaluationReused", true);
                steps.reused++;
                out.printf("model '%s': clean test accuracy %.4f (reused)%n", model.name(), acc.doubleValue());
                continue;
            }
            int[] pred;
            try {
                pred = model.predict(test.features());
            } catch (RuntimeException | LinkageError | AssertionError e) {
                rethrowIfFatal(e);
                stepFailed(entry, failures, "predicting with model '" + model.name() + "'", e);
                models.remove(model.name());
                continue;
            }
            int ok = 0;
            for (int i = 0; i < pred.length; i++) {
                ok += pred[i] == test.labels()[i] ? 1 : 0;
            }
            double acc = (double) ok / Math.max(1, pred.length);
            entry.put("cleanAccuracy", acc);
            out.printf("model '%s': clean test accuracy %.4f%n", model.name(), acc);
            Predictions p = new Predictions(model.name(), "clean", test.labels(), pred, test.classNames());
            int failed = failures.size();
            entry.put("metrics", evaluate(plan, p, ctx, "metrics/" + FileNames.of(model.name()) + "/clean.json", failures));
            if (failures.size() == failed) {
                entry.put("stepKey", stepKey);
            }
            steps.computed++;
            ctx.files().writeJson("study.json", manifest);
        }
    }

    private Map<String, Object> evaluate(Plan plan, Predictions p, StudyContext ctx, String file, List<String> failures) {
        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Object> all = evaluateMetrics(plan, p, ctx, failed);
        failed.forEach((metric, why) -> reportFailure(failures, metric + " on " + p.model() + "/" + p.setting() + ": " + why));
        if (!all.isEmpty()) {
            ctx.files().writeJson(file, all);
        }
        return all.isEmpty() ? Map.of() : Map.of("file", file);
    }

    private void runAttacks(StudySpec spec, Plan plan, Map<String, TrainedModel> models, Dataset test, StudyContext ctx,
                            Map<String, Object> manifest, List<String> failures, Steps steps) {
        List<Map<String, Object>> entries = new ArrayList<>();
        manifest.put("attacks", entries);
        List<String> labels = labels(plan.attacks().stream().map(a -> a.info().name()).toList());
        for (TrainedModel model : models.values()) {
            for (int i = 0; i < plan.attacks().size(); i++) {
                Configured<Attack> a = plan.attacks().get(i);
                String label = labels.get(i);
                Map<String, Object> keyInputs = stepBasis(spec, manifest);
                keyInputs.put("step", "attack");
                keyInputs.put("model", modelKey(manifest, model.name()));
                keyInputs.put("label", label);
                keyInputs.put("attack", a.describe());
                keyInputs.put("hostArgs", a.ref().args());
                // the resolved host settings too: a changed default (or a new host key) must not reuse an old result
                keyInputs.put("sweep", org.robustlab.core.params.Params.describe(a.settings()));
                keyInputs.put("metrics", plan.metrics().stream().map(Configured::describe).toList());
                String stepKey = ContentKeys.of(keyInputs);
                Map<String, Object> done = steps.finished.find(stepKey, ctx.files().root(), List.of("csv", "criticalCsv"));
                if (done != null) {
                    done.put("reused", true);
                    entries.add(done);
                    steps.reused++;
                    out.println("attack '" + label + "' on model '" + model.name() + "': reusing the finished result");
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("model", model.name());
                entry.put("label", label);
                entry.put("attack", a.describe());
                entries.add(entry);
                try {
                    SweepSettings sweep = (SweepSettings) a.settings();
                    double[] eps = sweep.grid(a.instance().normType());
                    Dataset subset = attackedImages(sweep, test);
                    // space 'model': the attack sees x̂ = pre(x) and the model as a function of x̂; distances are in x̂
                    DifferentiableModel target = sweep.modelSpace() ? model.onPreprocessedInput() : model;
                    Dataset inputs = sweep.modelSpace() ? inModelSpace(subset, model) : subset;
                    InputBox box = sweep.box();
                    entry.put("space", sweep.space());
                    entry.put("box", List.of(box.lo(), Double.isInfinite(box.hi()) ? "inf" : box.hi()));
                    String base = "attacks/" + FileNames.of(model.name()) + "/" + FileNames.of(label);
                    String purpose = "attack " + label + " on " + model.name();
                    List<List<?>> rows = new ArrayList<>();
                    List<CriticalDistance> critical;
                    if (sweep.bisect()) {
                        CriticalBisection.Result r = CriticalBisection.run(target, a.instance(), inputs, eps, purpose, ctx, box);
                        int nCorrect = r.critical().size();
                        for (int k = 0; k < eps.length; k++) {
                            rows.add(List.of(eps[k], r.relativeAccuracy()[k], r.relativeAccuracy()[k] * nCorrect / subset.size(),
                                    nCorrect, subset.size()));
                        }
                        critical = r.critical();
                        entry.put("mode", "bisect");
                        entry.put("gradientEvaluations", r.gradientEvaluations());
                        entry.put("sweepGradientEvaluations", r.sweepEvaluations());
                        entry.put("evaluationRatio", r.sweepEvaluations() == 0 ? Double.NaN
                                : (double) r.gradientEvaluations() / r.sweepEvaluations());
                    } else {
                        List<Map<String, Object>> perEps = new ArrayList<>();
                        Map<String, String> failedMetrics = new LinkedHashMap<>();
                        RobustnessSweep.Extension ext = !sweep.extend() ? RobustnessSweep.Extension.NONE
                                : RobustnessSweep.Extension.DEFAULT;
                        RobustnessSweep.Result r = RobustnessSweep.run(target, a.instance(), inputs, eps, ext, purpose, ctx,
                                pt -> {
                                    if (!plan.metrics().isEmpty()) {
                                        perEps.add(Map.of("epsilon", pt.epsilon(), "metrics", evaluateMetrics(plan,
                                                new Predictions(model.name(), label + "@" + pt.epsilon(), subset.labels(),
                                                        pt.predictions(), subset.classNames()), ctx, failedMetrics)));
                                    }
                                }, box);
                        for (RobustnessSweep.Point pt : r.points()) {
                            rows.add(List.of(pt.epsilon(), pt.relativeAccuracy(), pt.robustAccuracy(), pt.nCorrectSubset(), pt.nTest()));
                        }
                        critical = r.critical();
                        if (!perEps.isEmpty()) {
                            ctx.files().writeJson("metrics/" + FileNames.of(model.name()) + "/" + FileNames.of(label) + ".json", perEps);
                        }
                        failedMetrics.forEach((metric, why) -> reportFailure(failures,
                                metric + " on " + model.name() + "/" + label + " (per eps): " + why));
                        entry.put("mode", "sweep");
                        entry.put("gradientEvaluations", r.gradientEvaluations());
                        entry.put("diagnostics", r.diagnostics());
                    }
                    ctx.files().writeCsv(base + ".csv", List.of("epsilon", "relative_accuracy", "robust_accuracy",
                            "n_correct_subset", "n_test"), rows);
                    double[] tried = rows.stream().mapToDouble(r -> ((Number) r.get(0)).doubleValue()).toArray();
                    double[] lower;
                    if (sweep.tolerance() > 0) {
                        // resolve each critical ε below the grid's resolution (the grid only brackets it)
                        Dataset attacked = inputs.select(critical.stream().mapToInt(CriticalDistance::index).toArray());
                        MinimalEpsilonSearch.Result m = MinimalEpsilonSearch.refine(target, a.instance(), attacked, critical,
                                tried, sweep.tolerance(), purpose, ctx, box);
                        entry.put("criticalDistanceOnGrid", DistanceSummary.of(critical));
                        Map<String, Object> search = new LinkedHashMap<>();
                        search.put("tolerance", sweep.tolerance());
                        search.put("gradientEvaluations", m.gradientEvaluations());
                        search.put("rounds", m.rounds());
                        search.put("widestBracket", m.widest());
                        entry.put("minimalEpsilon", search);
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
                    ctx.files().writeCsv(base + "-critical.csv", List.of("index", "label", "critical_epsilon",
                            "critical_distance", "censored", "epsilon_lower"), crit);
                    entry.put("csv", base + ".csv");
                    entry.put("criticalCsv", base + "-critical.csv");
                    entry.put("criticalDistance", DistanceSummary.of(critical));
                    entry.put("norm", a.instance().normType().key());
                    entry.put("stepKey", stepKey);
                    steps.computed++;
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    // Plugin code may throw anything short of a VM error; the step fails, the study goes on.
                    rethrowIfFatal(e);
                    stepFailed(entry, failures, "attack '" + label + "' (" + origin(a) + ") on model '" + model.name() + "'",
                            e);
                }
                ctx.files().writeJson("study.json", manifest);
            }
        }
    }

    private static Dataset attackedImages(SweepSettings sweep, Dataset test) {
        return sweep.subset() > 0 && sweep.subset() < test.size() ? test.slice(0, sweep.subset()) : test;
    }

    /**
     * The indicators of attack failure for every finished attack (docs/robustness.md): after all attacks, since the
     * ordering check compares the attacks on a model and the transfer check uses the other models. Keyed by the step
     * keys of the model's attacks and the keys of all models, so a re-run reuses them.
     */
    @SuppressWarnings("unchecked")
    private void runIndicators(StudySpec spec, Plan plan, Map<String, TrainedModel> models, Dataset test, StudyContext ctx,
                               Map<String, Object> manifest, List<String> failures) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) manifest.getOrDefault("attacks", List.of());
        List<String> labels = labels(plan.attacks().stream().map(a -> a.info().name()).toList());
        Map<String, Configured<Attack>> byLabel = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            byLabel.put(labels.get(i), plan.attacks().get(i));
        }
        Map<String, Object> modelKeys = new LinkedHashMap<>();
        for (String name : models.keySet()) {
            modelKeys.put(name, modelKey(manifest, name));
        }
        for (TrainedModel model : models.values()) {
            List<Map<String, Object>> mine = entries.stream().filter(e -> model.name().equals(e.get("model"))
                    && e.get("csv") != null && e.get("criticalCsv") != null && !e.containsKey("error")).toList();
            List<AttackOutcome> outcomes = AttackOutcomes.read(ctx.files().root(), mine);
            List<AttackIndicators.Subject> subjects = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++) {
                String label = String.valueOf(mine.get(i).get("label"));
                subjects.add(new AttackIndicators.Subject(label, byLabel.get(label).instance(), null, outcomes.get(i)));
            }
            for (int i = 0; i < mine.size(); i++) {
                Map<String, Object> entry = mine.get(i);
                Configured<Attack> a = byLabel.get(subjects.get(i).label());
                SweepSettings sweep = (SweepSettings) a.settings();
                if (!sweep.indicators()) {
                    continue;
                }
                Map<String, Object> keyInputs = stepBasis(spec, manifest);
                keyInputs.put("step", "indicators");
                keyInputs.put("attack", entry.get("stepKey"));
                keyInputs.put("attacksOnModel", mine.stream().map(e -> e.get("stepKey")).toList());
                keyInputs.put("models", modelKeys);
                keyInputs.put("images", sweep.indicatorImages());
                String key = ContentKeys.of(keyInputs);
                String label = subjects.get(i).label();
                if (entry.get("indicators") instanceof Map<?, ?> done && key.equals(done.get("key"))
                        && done.get("file") instanceof String f && java.nio.file.Files.isRegularFile(ctx.files().root().resolve(f))) {
                    out.println("indicators of attack '" + label + "' on model '" + model.name() + "': reusing the finished result");
                    warnIfFired(entry, (List<String>) done.get("fired"), label, model.name(), manifest);
                    continue;
                }
                String purpose = "indicators " + label + " on " + model.name();
                try {
                    DifferentiableModel target = sweep.modelSpace() ? model.onPreprocessedInput() : model;
                    Dataset inputs = sweep.modelSpace() ? inModelSpace(attackedImages(sweep, test), model) : attackedImages(sweep, test);
                    Map<String, DifferentiableModel> surrogates = surrogates(model, models, sweep, test);
                    List<AttackIndicators.Subject> others = new ArrayList<>(subjects);
                    others.remove(i);
                    AttackIndicators.Subject subject = new AttackIndicators.Subject(label, a.instance(), strengthened(a),
                            subjects.get(i).outcome());
                    Map<String, Object> result = AttackIndicators.evaluate(target, inputs, sweep.box(), subject, others,
                            surrogates, sweep.indicatorImages(), purpose, ctx);
                    String file = "attacks/" + FileNames.of(model.name()) + "/" + FileNames.of(label) + "-diagnostics.json";
                    ctx.files().writeJson(file, result);
                    List<String> fired = (List<String>) result.get("fired");
                    Map<String, Object> summary = new LinkedHashMap<>();
                    summary.put("file", file);
                    summary.put("fired", fired);
                    summary.put("key", key);
                    entry.put("indicators", summary);
                    warnIfFired(entry, fired, label, model.name(), manifest);
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    rethrowIfFatal(e);
                    Map<String, Object> failed = new LinkedHashMap<>();
                    entry.put("indicators", failed);
                    stepFailed(failed, failures, "indicators of attack '" + label + "' (" + origin(a) + ") on model '"
                            + model.name() + "'", e);
                }
                ctx.files().writeJson("study.json", manifest);
            }
        }
    }

    private void warnIfFired(Map<String, Object> entry, List<String> fired, String label, String model,
                             Map<String, Object> manifest) {
        if (fired == null || fired.isEmpty()) {
            return;
        }
        String w = "attack '" + label + "' on model '" + model + "': indicators of attack failure fired: "
                + String.join(", ", fired) + " (see " + ((Map<?, ?>) entry.get("indicators")).get("file")
                + "); robustness numbers of this model under this attack may be overestimated";
        manifestWarnings(manifest).add(w);
        out.println("WARNING: " + w);
    }

    /**
     * The other models as surrogates for the transfer check. In the model's input space only models with the same
     * preprocessing qualify (their x̂ is the same input), checked on the first test images.
     */
    private static Map<String, DifferentiableModel> surrogates(TrainedModel model, Map<String, TrainedModel> models,
                                                               SweepSettings sweep, Dataset test) {
        Map<String, DifferentiableModel> s = new LinkedHashMap<>();
        INDArray probe = test.slice(0, Math.min(20, test.size())).features();
        INDArray mine = sweep.modelSpace() ? model.preprocess(probe).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE) : null;
        for (TrainedModel other : models.values()) {
            if (other.name().equals(model.name())) {
                continue;
            }
            if (!sweep.modelSpace()) {
                s.put(other.name(), other);
            } else if (other.preprocess(probe).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).equalsWithEps(mine, 1e-6)) {
                s.put(other.name(), other.onPreprocessedInput());
            }
        }
        return s;
    }

    /** The attack with twice its {@code steps} and one more random restart (if it has them), or null. */
    private Attack strengthened(Configured<Attack> a) {
        Map<String, Object> params = org.robustlab.core.params.Params.describe(a.instance());
        if (!(params.get("steps") instanceof Number steps)) {
            return null;
        }
        Map<String, Object> args = new LinkedHashMap<>(a.ref().args());
        args.put("steps", steps.intValue() * 2);
        if (params.get("restarts") instanceof Number r) {
            args.put("restarts", r.intValue() + 1);
        }
        ComponentRef ref = new ComponentRef(a.ref().name(), args, a.ref().positional(), a.ref().where());
        return Configured.<Attack>of(registry, ExtensionKind.ATTACK, ref, new SweepSettings()).instance();
    }

    /**
     * Every metric on one set of predictions, each isolated: a failing metric is left out and its first failure kept in
     * {@code failed} (metric description → message), the others are evaluated. The one metric path for clean
     * predictions and for every ε of an attack (the attack path used to let one failing metric fail the attack).
     */
    private Map<String, Object> evaluateMetrics(Plan plan, Predictions p, StudyContext ctx, Map<String, String> failed) {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Configured<Metric> m : plan.metrics()) {
            try {
                all.put(m.info().name(), m.instance().evaluate(p, ctx));
            } catch (RuntimeException | LinkageError | AssertionError e) {
                rethrowIfFatal(e);
                failed.putIfAbsent("metric '" + m.info().name() + "' (" + origin(m) + ")", message(e));
            }
        }
        return all;
    }

    private void runAnalyzers(StudySpec spec, Plan plan, Map<String, TrainedModel> models, DataLoader.TrainTest data,
                              StudyContext ctx, Map<String, Object> manifest, List<String> failures, Steps steps) {
        List<Map<String, Object>> entries = new ArrayList<>();
        manifest.put("analyses", entries);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attackEntries = (List<Map<String, Object>>) manifest.getOrDefault("attacks", List.of());
        AnalysisRequest request = new AnalysisRequest(models, data.train(), data.test(),
                AttackOutcomes.read(ctx.files().root(), attackEntries), List.copyOf(spec.claims));
        Map<String, Object> modelKeys = new LinkedHashMap<>();
        for (String name : models.keySet()) {
            modelKeys.put(name, modelKey(manifest, name));
        }
        for (Configured<Analyzer> a : plan.analyzers()) {
            Map<String, Object> keyInputs = stepBasis(spec, manifest);
            keyInputs.put("step", "analysis");
            keyInputs.put("models", modelKeys);
            keyInputs.put("analyzer", a.describe());
            keyInputs.put("attacks", attackEntries.stream().map(e -> e.get("stepKey")).toList());
            keyInputs.put("claims", spec.claims);
            // an analyzer may read the files of those before it (compare reads powerlaw's fits): depend on them
            keyInputs.put("earlierAnalyses", entries.stream().map(e -> e.get("stepKey")).toList());
            String stepKey = ContentKeys.of(keyInputs);
            Map<String, Object> done = steps.finished.find(stepKey, ctx.files().root(), List.of());
            if (done != null) {
                done.put("reused", true);
                entries.add(done);
                steps.reused++;
                out.println("analysis '" + a.info().name() + "': reusing the finished result");
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>(a.describe());
            entries.add(entry);
            try {
                out.println("analysis '" + a.info().name() + "'");
                entry.put("summary", a.instance().analyze(request, ctx));
                entry.put("stepKey", stepKey);
                steps.computed++;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                rethrowIfFatal(e);
                stepFailed(entry, failures, "analyzer '" + a.info().name() + "' (" + origin(a) + ")", e);
            }
            ctx.files().writeJson("study.json", manifest);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> manifestWarnings(Map<String, Object> manifest) {
        return (List<String>) manifest.computeIfAbsent("warnings", k -> new ArrayList<String>());
    }

    /** The test images as the model sees them (x̂ = pre(x)), for attacks in the model's input space. */
    private static Dataset inModelSpace(Dataset images, TrainedModel model) {
        return new Dataset(images.name() + " (model input space of " + model.name() + ")", model.preprocess(images.features()),
                images.labels(), images.classNames(), images.imageShape(), images.checksums());
    }

    /** The content key of a trained model, as recorded in the manifest's model entry. */
    @SuppressWarnings("unchecked")
    private static Object modelKey(Map<String, Object> manifest, String name) {
        for (Map<String, Object> e : (List<Map<String, Object>>) manifest.get("models")) {
            if (name.equals(e.get("name"))) {
                return e.get("cacheKey");
            }
        }
        return null;
    }

    /** A full disk fails every later write too: it ends the study instead of failing one step. */
    private static void rethrowIfFatal(Throwable e) {
        if (NoSpaceLeftException.isNoSpace(e)) {
            throw e instanceof NoSpaceLeftException n ? n : new NoSpaceLeftException(pathOf(e), e);
        }
    }

    private static Path pathOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException n) {
                return n.file();
            }
        }
        return Path.of("a result file");
    }

    /** Metrics a claim can be on, after the attack label (or {@code clean.}). */
    static final List<String> CLAIM_METRICS = List.of("medianCriticalDistance", "auc");

    /** Every claim names declared models, a known metric, and the study has a compare analyzer to evaluate it. */
    private static void checkClaims(StudySpec spec) {
        if (spec.claims.isEmpty()) {
            return;
        }
        Set<String> modelNames = new HashSet<>();
        spec.models.forEach(m -> modelNames.add(m.name()));
        List<String> labels = labels(spec.attacks.stream().map(ComponentRef::name).map(n -> n.substring(n.indexOf(':') + 1)).toList());
        boolean compare = spec.analyzers.stream().anyMatch(a -> a.name().equals("compare") || a.name().endsWith(":compare"));
        for (org.robustlab.api.Claim c : spec.claims) {
            String at = c.where() == null || c.where().isEmpty() ? "" : c.where() + " ";
            if (!compare) {
                throw new RobustlabException(at + "claim '" + c.title() + "' is evaluated by the compare analyzer; add analyze compare");
            }
            for (org.robustlab.api.Claim.Link l : c.links()) {
                for (String m : List.of(l.a(), l.b())) {
                    if (!modelNames.contains(m)) {
                        throw new RobustlabException(at + "claim '" + c.title() + "' names model '" + m + "', which the study does"
                                + " not declare; models: " + String.join(", ", modelNames.stream().sorted().toList()));
                    }
                }
            }
            String metric = c.metric();
            int dot = metric.lastIndexOf('.');
            String source = dot < 0 ? "" : metric.substring(0, dot);
            String what = dot < 0 ? metric : metric.substring(dot + 1);
            boolean ok = source.equals("clean") ? what.equals("accuracy") : labels.contains(source) && CLAIM_METRICS.contains(what);
            if (!ok) {
                throw new RobustlabException(at + "claim '" + c.title() + "': on: '" + metric + "' is not a metric; use clean.accuracy"
                        + (labels.isEmpty() ? "" : " or <attack>.medianCriticalDistance / <attack>.auc with an attack of the"
                        + " study (" + String.join(", ", labels) + ")"));
            }
        }
    }

    /** File labels for attacks: the name, with {@code -2}, {@code -3} … for repeats. */
    static List<String> labels(List<String> names) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            int k = seen.merge(n, 1, Integer::sum);
            out.add(k == 1 ? n : n + "-" + k);
        }
        return out;
    }

    /** Records a failed step in its manifest entry and the failure list, and says so on the console. */
    private void stepFailed(Map<String, Object> entry, List<String> failures, String step, Throwable e) {
        entry.put("error", message(e));
        reportFailure(failures, step + ": " + message(e));
    }

    /** Adds a failure to the study's list and says so on the console. */
    private void reportFailure(List<String> failures, String what) {
        failures.add(what);
        out.println("FAILED: " + what);
    }

    /** Where an extension comes from, for failure messages: plugin id, version and file. */
    private static String origin(Configured<?> c) {
        return "plugin " + c.info().pluginId() + " " + c.info().pluginVersion()
                + (c.info().source() == null ? "" : ", " + c.info().source().getFileName());
    }

    private static String message(Throwable e) {
        if (e instanceof RobustlabException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
