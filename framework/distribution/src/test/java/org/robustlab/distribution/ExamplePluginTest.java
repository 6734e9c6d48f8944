package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The external example under {@code plugins/examples/corruptions}: a Maven project of its own,
 * built against the installed API (never part of robustlab's build or distribution), dropped
 * into a plugins folder and used by name from a study script.
 */
class ExamplePluginTest {
    @TempDir
    Path dir;

    @Test
    void externalExampleBuildsOnItsOwnAndRunsInAStudy() throws Exception {
        Path source = DslScriptsSmokeTest.home().resolve("plugins/examples/corruptions");
        Path project = PluginProjects.copyTree(source, dir.resolve("corruptions"));
        Path jar = PluginProjects.build(project, "example-corruptions-0.1.0.jar");
        try (Stream<Path> shipped = Files.list(DslScriptsSmokeTest.plugins())) {
            assertFalse(shipped.anyMatch(p -> p.getFileName().toString().contains("example")),
                    "the example is not part of the shipped plugin set");
        }
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));

        Cli listed = Cli.run("plugins", "--plugins-dir", plugins.toString());
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("attack\\s+blur\\s+example-corruptions\\s+0\\.1\\.0\\s+.*")), listed.out());
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("analyzer\\s+blurShift\\s+example-corruptions\\s+0\\.1\\.0\\s+.*")),
                listed.out());

        Path script = Files.writeString(dir.resolve("blur-study.groovy"), String.join("\n",
                "study {",
                "    data sample(train: 200, test: 100)",
                "    encoder mlp(hidden: 32, epochs: 2, batch: 50)",
                "    attack blur(sigma: 1.5, epsilons: [0, 1, 2, 4, 8])",
                "    analyze blurShift(samples: 60, sigma: 1.5)",
                "}"));
        Path out = dir.resolve("study");
        Cli run = Cli.run("run", script.toString(), "--plugins-dir", plugins.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.out() + run.err());

        List<String> sweep = Files.readAllLines(out.resolve("attacks/mlp/blur.csv"));
        assertEquals("epsilon,relative_accuracy,robust_accuracy,n_correct_subset,n_test", sweep.get(0));
        assertTrue(sweep.get(1).startsWith("0.0,1.0,"), "no blur keeps every correct image: " + sweep.get(1));
        List<String> shift = Files.readAllLines(out.resolve("analyses/blurShift/blur-shift.csv"));
        assertEquals("model,n,median_blur_l2,median_shift_blur,median_shift_noise,shift_ratio,flip_rate_blur,flip_rate_noise",
                shift.get(0));
        String[] row = shift.get(1).split(",");
        assertEquals("mlp", row[0]);
        assertEquals("60", row[1]);
        for (int k = 2; k <= 5; k++) {
            double v = Double.parseDouble(row[k]);
            assertTrue(v > 0 && Double.isFinite(v), shift.get(0).split(",")[k] + " = " + v);
        }
        String site = Files.readString(out.resolve("site/index.html"));
        assertTrue(site.contains("blur") && site.contains("blur-shift.csv"), "the site shows the attack and links the analysis");
        String manifest = Files.readString(out.resolve("study.json"));
        assertTrue(manifest.contains("\"example-corruptions\""), "provenance names the plugin");
    }
}
