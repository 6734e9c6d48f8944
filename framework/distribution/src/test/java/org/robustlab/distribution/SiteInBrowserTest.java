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

    @Test
    void studySiteRendersWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: Debian's chromium is not installed (apt-get install chromium)");
        Path out = dir.resolve("study");
        Cli r = Cli.run("run", "-e", "data sample(train: 200, test: 100); model 'bp', encoder: mlp(hidden: 16, epochs: 2, batch: 50);"
                + " model 'l2', encoder: mlp(hidden: 16, epochs: 2, batch: 50), regularize: l2(0.01);"
                + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4)", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        Path index = out.resolve("site/index.html");
        String[] dom = chromium(index, "--dump-dom");
        assertFalse(dom[1].contains("Uncaught"), dom[1]);
        List<String> consoleErrors = dom[1].lines().filter(l -> l.contains("CONSOLE") && l.contains("ERROR")).toList();
        assertTrue(consoleErrors.isEmpty(), consoleErrors.toString());
        Matcher plots = Pattern.compile("class=\"[^\"]*js-plotly-plot").matcher(dom[0]);
        int count = 0;
        while (plots.find()) {
            count++;
        }
        assertEquals(3, count, "training, robustness and critical-distance plots drawn");
        assertTrue(dom[0].contains("class=\"scatterlayer"), "plot traces drawn");
        assertTrue(dom[0].contains(">bp<") || dom[0].contains(">bp "), "model table lists bp");
        Path shot = Path.of("target", "screenshots", "site-overview.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        chromium(index, "--screenshot=" + shot, "--window-size=1400,1800");
        assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
    }
}
