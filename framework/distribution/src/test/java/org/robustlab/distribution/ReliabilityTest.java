package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.api.FileNames;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;
import org.robustlab.core.study.StudyFailedException;
import org.robustlab.core.study.StudyRunner;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;

/** Nothing lost, nothing mixed: finished steps reused, one run per folder, a truthful status. */
class ReliabilityTest {
    @TempDir
    Path dir;

    private static final String SMALL = "data sample(train: 200, test: 100); seed 3;"
            + " encoder mlp(hidden: 16, epochs: 2, batch: 50);"
            + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4, extend: false);"
            + " attack fgsm(epsMin: 0.001, epsMax: 0.1, epsCount: 3, extend: false, bisect: true);"
            + " analyze spectrum, powerlaw";

    @Test
    void sixRerunsIntoOneFolderTrainOnceAndThenReuseEveryStep() throws Exception {
        Path out = dir.resolve("six");
        Cli first = Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.out().contains("training model 'mlp'"), first.out());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        assertEquals(0, study.get("stepsReused"));
        int steps = (Integer) study.get("stepsComputed");
        assertEquals(1 + 2 + 2, steps, "clean evaluation, two attacks, two analyses");
        List<String> csv = Files.readAllLines(out.resolve("attacks/mlp/random.csv"));
        for (int i = 2; i <= 6; i++) {
            Cli again = Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site");
            assertEquals(0, again.exit(), again.err());
            assertTrue(again.out().contains("model 'mlp': reusing the saved model"), "run " + i + ": " + again.out());
            assertTrue(again.out().contains("reused " + steps + " of " + steps + " finished steps"), "run " + i + ": " + again.out());
            study = Json.readMap(out.resolve("study.json"));
            assertEquals("complete", study.get("status"));
            assertEquals(steps, study.get("stepsReused"));
            assertEquals(0, study.get("stepsComputed"));
        }
        assertEquals(csv, Files.readAllLines(out.resolve("attacks/mlp/random.csv")));

        Cli fresh = Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site", "--fresh");
        assertEquals(0, fresh.exit(), fresh.err());
        assertTrue(fresh.out().contains("training model 'mlp'"), fresh.out());
        assertEquals(steps, Json.readMap(out.resolve("study.json")).get("stepsComputed"));
        assertEquals(csv, Files.readAllLines(out.resolve("attacks/mlp/random.csv")), "recomputed, same numbers");

        // another seed is another study: nothing of the first is taken for it
        Cli other = Cli.run("run", "-e", SMALL.replace("seed 3", "seed 4"), "--out", out.toString(), "--no-site");
        assertEquals(0, other.exit(), other.err());
        assertTrue(other.out().contains("training model 'mlp'"), other.out());
        assertEquals(0, Json.readMap(out.resolve("study.json")).get("stepsReused"));
    }

    /**
     * A claim added to a finished study is evaluated without recomputing the analyses that do not read claims: only
     * compare runs again, and the claims table has the new claim.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aClaimAddedToAFinishedStudyRecomputesOnlyTheAnalyzersThatReadClaims() throws Exception {
        Path out = dir.resolve("claims");
        String study = SMALL + ", compare(bootstrap: 200); claim 'above chance', 'mlp', on: 'clean.accuracy', within: [0.1, 1]";
        Cli first = Cli.run("run", "-e", study, "--out", out.toString(), "--no-site");
        assertEquals(0, first.exit(), first.err());
        assertEquals(1, CsvTables.rows(out.resolve("analyses/compare/claims.csv")).size());
        List<String> spectrum = Files.readAllLines(out.resolve("analyses/spectrum/spectra.csv"));

        Cli more = Cli.run("run", "-e", study + "; claim 'flipped by FGSM', 'mlp', on: 'fgsm.medianCriticalDistance', within: [0, 10]",
                "--out", out.toString(), "--no-site");
        assertEquals(0, more.exit(), more.err());
        for (String reused : List.of("spectrum", "powerlaw")) {
            assertTrue(more.out().contains("analysis '" + reused + "': reusing the finished result"), more.out());
        }
        List<Map<String, Object>> runs = (List<Map<String, Object>>) Json.readMap(out.resolve("study.json")).get("runs");
        assertEquals(List.of("analysis compare"), runs.get(runs.size() - 1).get("computed"), "only compare again: " + runs);
        List<List<String>> claims = CsvTables.rows(out.resolve("analyses/compare/claims.csv"));
        assertEquals(List.of("above chance", "flipped by FGSM"), claims.stream().map(c -> c.get(0)).toList());
        assertEquals(spectrum, Files.readAllLines(out.resolve("analyses/spectrum/spectra.csv")));
    }

    /**
     * Every run into a folder is recorded with its build and the steps it computed; a resume on another build (here:
     * the first run's recorded commit changed) is a warning in the output and in study.json, a fresh run or another
     * study starts the record anew.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachRunIsRecordedWithItsBuildAndStepsAndAnotherBuildIsAWarning() throws Exception {
        Path out = dir.resolve("runs");
        assertEquals(0, Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site").exit());
        Cli again = Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site");
        assertEquals(0, again.exit(), again.err());
        assertTrue(!again.out().contains("another build"), again.out());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        List<Map<String, Object>> runs = (List<Map<String, Object>>) study.get("runs");
        assertEquals(2, runs.size(), "two runs: " + runs);
        assertEquals(List.of("train mlp", "clean evaluation of mlp", "attack random on mlp", "attack fgsm on mlp",
                "indicators of random on mlp", "indicators of fgsm on mlp", "analysis spectrum", "analysis powerlaw"),
                runs.get(0).get("computed"));
        assertEquals(List.of(), runs.get(1).get("computed"), "the second run reused every step");
        assertTrue(runs.get(0).get("finished") != null && runs.get(1).get("finished") != null);
        assertTrue(((Map<String, Object>) runs.get(1).get("environment")).containsKey("frameworkJars"));

        // the first run on another build
        ((Map<String, Object>) runs.get(0).get("environment")).put("commit", "0000000");
        Files.writeString(out.resolve("study.json"), Json.MAPPER.writeValueAsString(study));
        Cli other = Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site");
        assertEquals(0, other.exit(), other.err());
        assertTrue(other.out().contains("note: this folder holds steps of runs on another build"), other.out());
        study = Json.readMap(out.resolve("study.json"));
        assertEquals(3, ((List<?>) study.get("runs")).size());
        assertTrue(((List<String>) study.get("warnings")).stream().anyMatch(w -> w.contains("another build")), "in study.json");

        assertEquals(0, Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site", "--fresh").exit());
        assertEquals(1, ((List<?>) Json.readMap(out.resolve("study.json")).get("runs")).size(), "--fresh starts anew");

        // a folder written before runs were recorded: its last run is kept, with its steps unknown (no "computed")
        study = Json.readMap(out.resolve("study.json"));
        study.remove("runs");
        Files.writeString(out.resolve("study.json"), Json.MAPPER.writeValueAsString(study));
        assertEquals(0, Cli.run("run", "-e", SMALL, "--out", out.toString(), "--no-site").exit());
        runs = (List<Map<String, Object>>) Json.readMap(out.resolve("study.json")).get("runs");
        assertEquals(2, runs.size(), "the unrecorded run and this one: " + runs);
        assertTrue(!runs.get(0).containsKey("computed"), "unknown, not empty: " + runs.get(0));
        assertEquals(List.of(), runs.get(1).get("computed"));
        assertEquals(0, Cli.run("run", "-e", SMALL.replace("seed 3", "seed 4"), "--out", out.toString(), "--no-site").exit());
        assertEquals(1, ((List<?>) Json.readMap(out.resolve("study.json")).get("runs")).size(), "another study starts anew");
    }

    /**
     * An ablation reuses another study's models: a model with the same parameters, data, seed and name is copied from
     * the other folder (recorded in study.json), any other model is trained, and nothing of the other folder changes.
     */
    @Test
    void anotherStudysModelIsReusedOnlyWhenItsKeyMatches() throws Exception {
        String base = "data sample(train: 200, test: 100); seed 3; model 'bp', encoder: mlp(hidden: 16, epochs: 2, batch: 50)";
        Path main = dir.resolve("main");
        Cli first = Cli.run("run", "-e", base, "--out", main.toString(), "--no-site");
        assertEquals(0, first.exit(), first.err());
        byte[] w = Files.readAllBytes(main.resolve("models/bp/W.npy"));
        Path ablation = dir.resolve("ablation");
        Cli second = Cli.run("run", "-e", base + "; model 'bp-1', encoder: mlp(hidden: 16, epochs: 1, batch: 50)",
                "--out", ablation.toString(), "--no-site", "--reuse-models", main.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("model 'bp': reusing the saved model of " + main), second.out());
        assertTrue(second.out().contains("training model 'bp-1'"), second.out());
        assertTrue(java.util.Arrays.equals(w, Files.readAllBytes(ablation.resolve("models/bp/W.npy"))), "the same weights");
        org.robustlab.core.results.manifest.StudyManifest m = org.robustlab.core.results.manifest.StudyManifest.read(ablation);
        assertEquals(main.toString(), m.model("bp").reusedFrom());
        assertEquals(null, m.model("bp-1").reusedFrom());
        assertEquals(Boolean.TRUE, m.model("bp").cached());

        // another seed: another cache key, so the model is trained, not copied
        Path other = dir.resolve("other-seed");
        Cli third = Cli.run("run", "-e", base.replace("seed 3", "seed 4"), "--out", other.toString(), "--no-site",
                "--reuse-models", main.toString());
        assertEquals(0, third.exit(), third.err());
        assertTrue(third.out().contains("training model 'bp'"), third.out());

        Cli typo = Cli.run("run", "-e", base, "--out", dir.resolve("typo").toString(), "--reuse-models", dir.resolve("nope").toString());
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("--reuse-models") && typo.err().contains("no study.json"), typo.err());
    }

    /**
     * A reused KH model brings its saved rule along, so an ablation's {@code ruleOf} variant (another pruning, another
     * decoder) trains only its decoder.
     */
    @Test
    void aReusedKhModelsRuleServesARuleOfVariant() throws Exception {
        String kh = "kh(hidden: 12, epochs: 2, batch: 50, decoderEpochs: 1, decoderBatch: 50";
        String base = "data sample(train: 200, test: 100); seed 3; model 'kh', encoder: " + kh + ")";
        Path main = dir.resolve("kh-main");
        Cli first = Cli.run("run", "-e", base, "--out", main.toString(), "--no-site");
        assertEquals(0, first.exit(), first.err());
        Path ablation = dir.resolve("kh-ablation");
        Cli second = Cli.run("run", "-e", base + "; model 'kh-fixed', encoder: " + kh + ", ruleOf: 'kh', prune: 'fixed')",
                "--out", ablation.toString(), "--no-site", "--reuse-models", main.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("model 'kh': reusing the saved model of " + main), second.out());
        assertTrue(second.out().contains("model 'kh-fixed': the KH rule of model 'kh' (models/kh/kh-checkpoint/"), second.out());
        assertTrue(second.out().contains(") is reused"), second.out());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(main.resolve("models/kh/S.npy")),
                Files.readAllBytes(ablation.resolve("models/kh-fixed/S.npy"))), "the same synapses");
    }

    @Test
    void aSecondRunIntoABusyFolderExits2NamingTheHolder() throws Exception {
        Path out = dir.resolve("busy");
        Path log = dir.resolve("holder.log");
        Process holder = Launched.start(log, "run", "-e", "data sample(train: 1000, test: 100); seed 1;"
                + " encoder mlp(hidden: 64, epochs: 500, batch: 100)", "--out", out.toString(), "--no-site");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("training model")) {
                assertTrue(holder.isAlive(), Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the holder never started training: " + Files.readString(log));
                Thread.sleep(50);
            }
            Cli second = Cli.run("run", "-e", "data sample(train: 100, test: 50); seed 2; encoder mlp(hidden: 8, epochs: 1)",
                    "--out", out.toString());
            assertEquals(2, second.exit(), second.out() + second.err());
            assertEquals("error: output folder " + out + " is in use by another robustlab run (PID " + holder.pid()
                    + "); wait for it to finish, stop it, or choose another --out\n", second.err());
            assertEquals("running", Json.readMap(out.resolve("study.json")).get("status"));
            assertEquals(1L, ((Number) Json.readMap(out.resolve("study.json")).get("seed")).longValue(), "the holder's study");
            Cli site = Cli.run("site", out.toString());
            assertEquals(0, site.exit(), site.err());
            assertTrue(site.err().contains("a run is still writing"), site.err());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        Cli site = Cli.run("site", out.toString());
        assertEquals(0, site.exit(), site.err());
        assertTrue(site.err().contains("was interrupted"), site.err());
        assertEquals("interrupted", Json.readMap(out.resolve("study.json")).get("status"));
        assertTrue(Files.readString(out.resolve("site/index.html")).contains("status <b>interrupted</b>"));
    }

    @Test
    void aDataErrorLeavesAFailedStatusWithTheReason() {
        Path out = dir.resolve("nodata");
        Cli r = Cli.run("run", "-e", "data cifar10(dir: 'no-such-folder'); encoder mlp(hidden: 8, epochs: 1)", "--out", out.toString());
        assertEquals(2, r.exit(), r.err());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        assertEquals("failed", study.get("status"));
        List<?> failures = (List<?>) study.get("failures");
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).toString().contains("no-such-folder"), failures.toString());
        assertTrue(study.containsKey("finished"));
    }

    /** A metric that always fails, registered next to the built-in plugins. */
    public static final class ThrowingMetric implements org.robustlab.api.Metric {
        @Override
        public String name() {
            return "throwing";
        }

        @Override
        public String description() {
            return "fails on every call";
        }

        @Override
        public java.util.Map<String, Object> evaluate(org.robustlab.api.Predictions predictions, org.robustlab.api.StudyContext context) {
            throw new IllegalStateException("metric broken on " + predictions.setting());
        }
    }

    /**
     * One metric path: a failing metric is left out on clean predictions and on every ε of an attack, the other
     * metrics and the attack itself complete, and the failure is reported once per setting.
     */
    @Test
    void aFailingMetricFailsAloneOnCleanAndPerEpsilonPredictions() throws Exception {
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            host.registry().register(ThrowingMetric.class, "test-metrics", "1.0.0");
            StudySpec spec = new StudyScriptLoader(host.registry()).loadInline("data sample(train: 100, test: 50);"
                    + " encoder mlp(hidden: 8, epochs: 1); attack random(epsCount: 3, extend: false);"
                    + " metrics evaluation, throwing");
            Path out = dir.resolve("metric-fails");
            StudyRunner runner = new StudyRunner(host.registry(), new PrintStream(OutputStream.nullOutputStream()));
            try {
                runner.run(spec, out, dir);
            } catch (StudyFailedException expected) {
                // a failed step makes the study partial; the results must still be there
            }
            Map<String, Object> study = Json.readMap(out.resolve("study.json"));
            List<?> failures = (List<?>) study.get("failures");
            assertEquals(2, failures.size(), failures.toString());
            assertTrue(failures.get(0).toString().contains("metric 'throwing'") && failures.get(0).toString().contains("/clean"),
                    failures.toString());
            assertTrue(failures.get(1).toString().contains("(per eps)") && failures.get(1).toString().contains("metric broken"),
                    failures.toString());
            assertTrue(Files.exists(out.resolve("attacks/mlp/random.csv")), "the attack completed");
            String perEps = Files.readString(out.resolve("metrics/mlp/random.json"));
            assertTrue(perEps.contains("evaluation") && !perEps.contains("throwing"), perEps);
            assertTrue(Files.readString(out.resolve("metrics/mlp/clean.json")).contains("evaluation"));
        }
    }

    @Test
    void aFailedSiteMeansAFailedStudy() throws Exception {
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            StudySpec spec = new StudyScriptLoader(host.registry()).loadInline("data sample(train: 100, test: 50);"
                    + " encoder mlp(hidden: 8, epochs: 1)");
            Path out = dir.resolve("site-fails");
            StudyRunner runner = new StudyRunner(host.registry(), new PrintStream(OutputStream.nullOutputStream()))
                    .onFinished(d -> {
                        throw new java.io.UncheckedIOException(new java.io.IOException("cannot write site/index.html"));
                    });
            StudyFailedException e = assertThrows(StudyFailedException.class, () -> runner.run(spec, out, dir));
            assertTrue(e.getMessage().contains("cannot write site/index.html"), e.getMessage());
            assertEquals("failed", Json.readMap(out.resolve("study.json")).get("status"));
        }
    }

    @Test
    void modelsWhoseNamesLookAlikeGetTheirOwnFolders() {
        Path out = dir.resolve("names");
        String hashedName = FileNames.of("a/b");
        Cli r = Cli.run("run", "-e", "data sample(train: 100, test: 50);"
                + " model('a/b') { encoder mlp(hidden: 8, epochs: 1) };"
                + " model('" + hashedName + "') { encoder mlp(hidden: 9, epochs: 1) }", "--out", out.toString(), "--no-site");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> a = Json.readMap(out.resolve("models").resolve(hashedName).resolve("model.json"));
        Map<String, Object> b = Json.readMap(out.resolve("models").resolve(FileNames.of(hashedName)).resolve("model.json"));
        assertEquals("a/b", a.get("name"));
        assertEquals(hashedName, b.get("name"));
        assertNotEquals(hashedName, FileNames.of(hashedName));
    }

    @Test
    void aModelAtChanceIsAWarningInTheManifestTheOutputAndTheSite() throws Exception {
        Path out = dir.resolve("chance");
        Cli r = Cli.run("run", "-e", "data sample(train: 200, test: 100); seed 3; encoder mlp(hidden: 16, epochs: 4, batch: 50,"
                + " lr: 10)", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("WARNING: model 'mlp' is at chance: training accuracy"), r.out());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        assertEquals("complete", study.get("status"), "a warning is not a failure");
        List<?> warnings = (List<?>) study.get("warnings");
        assertEquals(1, warnings.size(), warnings.toString());
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("<h2>Warnings</h2>") && html.contains("is at chance"), "warning on the site");
    }

    @Test
    void theSiteRendersWhatItCanAndNamesEachSkippedFile() throws Exception {
        Path out = dir.resolve("damaged");
        Cli r = Cli.run("run", "-e", SMALL, "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Files.writeString(out.resolve("attacks/mlp/random.csv"), "epsilon,relative_accuracy\nnot,a number\n");
        Files.writeString(out.resolve("analyses/spectrum/spectra.json"), "{ truncated");
        Files.delete(out.resolve("models/mlp/model.json"));
        Cli site = Cli.run("site", out.toString());
        assertEquals(0, site.exit(), site.err());
        List<String> skipped = site.err().lines().filter(l -> l.startsWith("site: skipped ")).toList();
        assertEquals(3, skipped.size(), site.err());
        assertTrue(skipped.stream().anyMatch(l -> l.contains("attack 'random' on model 'mlp' (attacks/mlp/random.csv)")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(l -> l.contains("spectra") && l.contains("spectra.json")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(l -> l.contains("training curve of model 'mlp'") && l.contains("model.json is missing")),
                skipped.toString());
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("<h2>Skipped</h2>"), "skipped files listed on the page");
        assertTrue(html.contains("id=\"overview\"") && html.contains("fgsm"), "the other sections are still there");
    }
}
