package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin kit end to end: {@code new-plugin} writes projects, Maven builds them on their own
 * against the installed robustlab API (the test command is {@code ./mvnw install}, which installs
 * it first), and a study uses the jars by name from a plugins folder.
 */
class ScaffoldedPluginTest {
    @TempDir
    Path dir;

    @Test
    void scaffoldedAttackAndAnalyzerBuildLoadAndRunByName() throws Exception {
        Path attack = PluginProjects.build(PluginProjects.scaffold("attack", "demo-attack", dir), "demo-attack-0.1.0.jar");
        Path analyzer = PluginProjects.build(PluginProjects.scaffold("analyzer", "demo-probe", dir), "demo-probe-0.1.0.jar");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(attack, plugins.resolve(attack.getFileName()));
        Files.copy(analyzer, plugins.resolve(analyzer.getFileName()));
        Cli listed = Cli.run("plugins", "--plugins-dir", plugins.toString());
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("attack\\s+demoAttack\\s+demo-attack\\s+0\\.1\\.0\\s+.*")), listed.out());
        assertTrue(listed.out().lines().anyMatch(l -> l.matches("analyzer\\s+demoProbe\\s+demo-probe\\s+0\\.1\\.0\\s+.*")), listed.out());
        Path out = dir.resolve("study");
        Cli run = Cli.run("run", "--plugins-dir", plugins.toString(), "-e", "data sample(train: 100, test: 50);"
                + " encoder mlp(hidden: 16, epochs: 1, batch: 50); attack demoAttack(fraction: 0.5, epsCount: 3); analyze demoProbe",
                "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.exists(out.resolve("attacks/mlp/demoAttack.csv")));
        assertTrue(Files.readString(out.resolve("analyses/demoProbe/activity.csv")).startsWith("model,active_fraction"));
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("demoAttack"), "the site shows the new attack");
        // the third-party analyzer declared a table view of its CSV; the site renders it without knowing the plugin
        assertTrue(html.contains("<h3>Active hidden units (demoProbe)</h3>"), "the analyzer's section");
        assertTrue(html.contains("<th>model</th><th>active_fraction</th>") && html.contains("<tr><td>mlp</td><td>0."),
                "its table, from analyses/demoProbe/activity.csv");
        assertTrue(Files.readString(out.resolve("study.json")).contains("\"demo-attack\""), "provenance names the plugin");
        Cli again = Cli.run("new-plugin", "--kind", "attack", "--name", "demo-attack", "--dir", dir.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
    }
}
