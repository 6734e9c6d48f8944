package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.Json;
import org.robustlab.core.testkit.CifarFiles;

/** The shipped CLI against the assembled distribution (real plugin jars in target/robustlab/plugins). */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void pluginsListsExtensionsFromJars() {
        Cli r = Cli.run("plugins");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("encoder\\s+mlp\\s+robustlab-encoders\\s+\\S+\\s+.*robustlab-encoders-.*\\.jar")), r.out());
        for (String attack : new String[]{"fgsm", "pgd", "random"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("attack\\s+" + attack + "\\s+robustlab-attacks\\s+.*\\.jar")), r.out());
        }
        assertTrue(r.out().lines().anyMatch(l -> l.matches("regularizer\\s+l2\\s+robustlab-regularizers\\s+.*\\.jar")), r.out());
        assertFalse(r.out().contains("BROKEN"), r.out());
    }

    @Test
    void unknownAttackIsOneLocatedErrorWithoutStackTrace() {
        Cli r = Cli.run("run", "-e", "attack pgdd", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertEquals("error: (inline, line 1) unknown attack 'pgdd'; did you mean 'pgd'? available: apgd, fgsm, pgd, random\n",
                r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void debugShowsTheStackTrace() {
        Cli r = Cli.run("run", "-e", "attack pgdd", "--debug", "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("\tat org.robustlab"), r.err());
    }

    @Test
    void designCardLiteralRunsWithTheBuiltInPlugins() throws Exception {
        String card = "study < encoder kh; attack pgd(steps:10); analyze spectrum, stir >";
        try (org.robustlab.core.plugin.PluginHost host = org.robustlab.core.plugin.PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            org.robustlab.core.study.StudySpec spec = new org.robustlab.dsl.StudyScriptLoader(host.registry()).loadInline(card);
            assertEquals("kh", spec.models.get(0).encoder().name());
            assertEquals(10, spec.attacks.get(0).args().get("steps"));
            assertEquals(List.of("spectrum", "stir"), spec.analyzers.stream().map(a -> a.name()).toList());
            DslScriptsSmokeTest.shrink(spec); // the card's defaults train 2000 units for 100 epochs
            Path out = dir.resolve("card");
            new org.robustlab.core.study.StudyRunner(host.registry(), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .run(spec, out, dir);
            assertEquals("complete", Json.readMap(out.resolve("study.json")).get("status"));
            assertTrue(Files.exists(out.resolve("analyses/stir/stir.json")));
        }
    }

    @Test
    void viewRendersALandscapeSurfaceToPngAndExplainsAMissingDisplay() throws Exception {
        Path out = dir.resolve("study");
        Cli r = Cli.run("run", "-e", "data sample(train: 100, test: 50); model 'a', encoder: mlp(hidden: 8, epochs: 1, batch: 50);"
                + " analyze landscape(grid: 11, roughnessImages: 5)", "--out", out.toString(), "--no-site");
        assertEquals(0, r.exit(), r.err());
        Path png = dir.resolve("surface.png");
        Cli v = Cli.run("view", out.toString(), "--model", "a", "--surface", "decision", "--png", png.toString(), "--size", "640x480");
        assertEquals(0, v.exit(), v.err());
        org.robustlab.core.testkit.Images.assertDrawn(png, 640, 480);
        Cli noDisplay = Cli.run("view", out.toString()); // tests run with java.awt.headless=true
        assertEquals(2, noDisplay.exit());
        assertTrue(noDisplay.err().contains("no display available") && noDisplay.err().contains("--png"), noDisplay.err());
        Cli unknown = Cli.run("view", out.toString(), "--model", "zz", "--png", png.toString());
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("no landscape for model 'zz'; available: a"), unknown.err());
    }

    /**
     * The training cache keys on the data's bytes, not its path: the same files in another folder
     * reuse the model; one changed file retrains it.
     */
    @Test
    void movedDataReusesTheModelChangedDataRetrains() throws Exception {
        Path first = CifarFiles.folder(dir.resolve("cifar-a"), 20, 10);
        Path moved = dir.resolve("elsewhere/cifar-b");
        Files.createDirectories(moved);
        try (var files = Files.list(first)) {
            for (Path f : files.toList()) {
                Files.copy(f, moved.resolve(f.getFileName()));
            }
        }
        Path out = dir.resolve("out");
        java.util.function.Function<Path, Cli> run = data -> Cli.run("run", "-e", "data cifar10(dir: '" + data
                + "'); seed 2; encoder mlp(hidden: 8, epochs: 1, batch: 50)", "--out", out.toString());
        Cli a = run.apply(first);
        assertEquals(0, a.exit(), a.err());
        assertFalse(a.out().contains("reusing the saved model"), a.out());
        Cli b = run.apply(moved);
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().contains("model 'mlp': reusing the saved model"), b.out());
        CifarFiles.write(moved.resolve("data_batch_3.bin"), 20, 7); // same size, other pixels
        Cli c = run.apply(moved);
        assertEquals(0, c.exit(), c.err());
        assertFalse(c.out().contains("reusing the saved model"), c.out());
    }

    @Test
    void truncatedCifarFileNamesFileAndRecordSize() throws Exception {
        Path data = CifarFiles.folder(dir.resolve("cifar"), 3, 3);
        byte[] b = Files.readAllBytes(data.resolve("data_batch_2.bin"));
        Files.write(data.resolve("data_batch_2.bin"), Arrays.copyOf(b, b.length - 1));
        Cli r = Cli.run("run", "-e", "data cifar10(dir: '" + data + "'); encoder mlp(hidden: 4, epochs: 1)", "--out",
                dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("error: " + data.resolve("data_batch_2.bin") + ": size 9218 bytes is not a multiple of the record size 3073"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void missingPluginsDirIsReported() {
        Cli r = Cli.run("plugins", "--plugins-dir", dir.resolve("nope").toString());
        assertEquals(2, r.exit());
        assertEquals("error: plugins folder " + dir.resolve("nope") + " does not exist or is not a folder\n", r.err());
    }

    @Test
    void inlineStudyRunsWritesManifestSiteAndReusesTheModel() throws Exception {
        Path out = dir.resolve("inline");
        String body = "data sample(train: 200, test: 100); seed 3; encoder mlp(hidden: 16, epochs: 2, batch: 50);"
                + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4, extend: false)";
        Cli first = Cli.run("run", "-e", body, "--out", out.toString());
        assertEquals(0, first.exit(), first.err());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        assertEquals("complete", study.get("status"));
        assertTrue(Files.exists(out.resolve("models/mlp/W.npy")));
        assertTrue(Files.exists(out.resolve("site/index.html")));
        List<String> csv = Files.readAllLines(out.resolve("attacks/mlp/random.csv"));
        assertEquals("epsilon,relative_accuracy,robust_accuracy,n_correct_subset,n_test", csv.get(0));
        assertEquals(5, csv.size());
        List<String> critical = Files.readAllLines(out.resolve("attacks/mlp/random-critical.csv"));
        assertEquals("index,label,critical_epsilon,critical_distance,censored,epsilon_lower", critical.get(0));
        assertEquals(Integer.parseInt(csv.get(1).split(",")[3]) + 1, critical.size(), "one row per originally correct image");
        Cli second = Cli.run("run", "-e", body, "--out", out.toString());
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.out().contains("model 'mlp': reusing the saved model"), second.out());
        assertEquals(Files.readAllLines(out.resolve("attacks/mlp/random.csv")), csv);
    }
}
