package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real study's site in Debian's headless Chromium: scripts run without errors and the plots draw. */
class SiteInBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    /** Runs headless Chromium with the flags of shared/docs/BROWSER.md; returns {stdout, stderr}. */
    static String[] chromium(Path page, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("chromium"), "--enable-unsafe-swiftshader",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000", "--allow-file-access-from-files"));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        Path outFile = Files.createTempFile("chromium", ".out");
        Path errFile = Files.createTempFile("chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return new String[]{Files.readString(outFile), Files.readString(errFile)};
    }

    static boolean drawn(String dom, String id) {
        return Pattern.compile("id=\"" + Pattern.quote(id) + "\" class=\"[^\"]*js-plotly-plot").matcher(dom).find();
    }

    @Test
    void studySiteRendersEverySectionWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: Debian's chromium is not installed (apt-get install chromium)");
        Path out = dir.resolve("study");
        Cli r = Cli.run("run", "-e", "data sample(train: 200, test: 100); model 'bp', encoder: mlp(hidden: 16, epochs: 2, batch: 50);"
                + " model '<script>alert(1)</script>', encoder: mlp(hidden: 16, epochs: 2, batch: 50), regularize: l2(0.01);"
                + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4);"
                + " analyze spectrum(scales: [4, 8]), powerlaw(bootstrap: 2, imageWindow: [2, 12], noiseWindow: [2, 12], scales: [4, 8]),"
                + " landscape(grid: 15, roughnessImages: 10), stir(samples: 20, steps: 20, bootstrap: 5), cka(samples: 100)", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Path index = out.resolve("site/index.html");
        String[] dom = chromium(index, "--dump-dom");
        assertFalse(dom[1].contains("Uncaught"), dom[1]);
        List<String> consoleErrors = dom[1].lines().filter(l -> l.contains("CONSOLE") && l.contains("ERROR")).toList();
        assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
        for (String id : List.of("training-plot", "confusion-0", "confusion-1", "rob-0", "rob-0-critical", "spectra-cifar",
                "spectra-noise", "spectra-scale", "landscape-jacobian-3d", "landscape-decision-3d", "landscape-jacobian-2d",
                "landscape-decision-2d", "stir-matrix", "stir-cka-matrix", "cka-linear", "cka-unbiased")) {
            assertTrue(drawn(dom[0], id), "plot " + id + " drawn");
        }
        assertTrue(dom[0].contains("class=\"scatterlayer"), "plot traces drawn");
        assertTrue(dom[0].contains("Landscape roughness"), "the landscape's roughness tables are on the site");
        assertTrue(dom[0].contains("id=\"scene"), "a WebGL 3D scene exists");
        assertTrue(dom[0].contains("class=\"hm\"") || dom[0].contains("heatmaplayer"), "heatmaps drawn");
        assertTrue(dom[0].contains(">bp<") || dom[0].contains(">bp "), "model table lists bp");
        assertTrue(dom[0].contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile model name is shown as text");
        assertFalse(dom[0].contains("<script>alert(1)"), "and never as markup");
        assertTrue(Files.size(out.resolve("site/figures/spectra-cifar.png")) > 10_000, "static figures written next to the site");
        Path shots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(shots);
        chromium(index, "--screenshot=" + shots.resolve("site-overview.png"), "--window-size=1400,1800");
        chromium(index, "--screenshot=" + shots.resolve("site-full.png"), "--window-size=1400,9000");
        assertTrue(Files.size(shots.resolve("site-overview.png")) > 10_000, "screenshot written");
        assertTrue(Files.size(shots.resolve("site-full.png")) > 50_000, "full-page screenshot written");
    }

    /** A plugin's declared views (a line plot, a table) render in the browser without the site knowing the plugin. */
    @Test
    void declaredViewsOfAPluginRenderInTheBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: Debian's chromium is not installed (apt-get install chromium)");
        Path study = Files.createDirectories(dir.resolve("views"));
        Files.createDirectories(study.resolve("analyses/probe"));
        Files.writeString(study.resolve("analyses/probe/curve.csv"), "step,loss,gap\n1,0.9,0.1\n2,0.4,0.05\n3,0.2,0.01\n");
        Files.writeString(study.resolve("analyses/probe/table.csv"), "model,score\nbp,0.5\n");
        Files.writeString(study.resolve("study.json"), "{\"name\":\"views\",\"status\":\"complete\",\"analyses\":[{\"name\":\"probe\","
                + "\"views\":[{\"kind\":\"lines\",\"title\":\"Probe loss\",\"files\":[\"analyses/probe/curve.csv\"]},"
                + "{\"kind\":\"table\",\"title\":\"Probe scores\",\"files\":[\"analyses/probe/table.csv\"]}]}]}");
        Path index = org.robustlab.site.SiteGenerator.generate(study).resolve("index.html");
        String[] dom = chromium(index, "--dump-dom");
        assertFalse(dom[1].contains("Uncaught"), dom[1]);
        assertTrue(dom[1].lines().noneMatch(l -> l.contains("CONSOLE") && l.contains("ERROR")), dom[1]);
        assertTrue(drawn(dom[0], "view-0"), "the lines view is a plotly plot");
        assertTrue(dom[0].contains("<td>bp</td><td>0.5</td>"), "the table view");
    }
}
