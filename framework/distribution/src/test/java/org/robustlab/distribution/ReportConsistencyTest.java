package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.plugin.PluginHost;

/**
 * Every report in docs/reports whose data folder holds an exported study with claims agrees with its data: the claims
 * re-derived from the per-image files equal the recorded ones and the report's table. And the check itself can fail:
 * on a freshly run and exported study it passes, and a changed verdict or interval is caught.
 */
class ReportConsistencyTest {
    @TempDir
    Path dir;

    static final Path REPORTS = Path.of("../../docs/reports");

    /**
     * A report {@code docs/reports/NAME.md} keeps its data in {@code docs/reports/NAME/}: one exported study there, or
     * one per subfolder (the main run and its ablations); each study's claims table must be in NAME.md.
     */
    @Test
    void everyCheckedInReportAgreesWithItsData() throws Exception {
        Map<Path, Path> studies = new java.util.TreeMap<>(); // exported study folder → its report
        try (Stream<Path> s = Files.list(REPORTS)) {
            for (Path report : s.filter(Files::isDirectory).sorted().toList()) {
                Path md = report.resolveSibling(report.getFileName() + ".md");
                List<Path> candidates = new ArrayList<>(List.of(report));
                try (Stream<Path> sub = Files.list(report)) {
                    sub.filter(Files::isDirectory).sorted().forEach(candidates::add);
                }
                for (Path c : candidates) {
                    if (Files.isRegularFile(c.resolve("study.json")) && Files.isRegularFile(c.resolve("analyses/compare/claims.json"))) {
                        studies.put(c, md);
                    }
                }
            }
        }
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            for (Map.Entry<Path, Path> e : studies.entrySet()) {
                assertTrue(Files.isRegularFile(e.getValue()), "report " + e.getValue() + " for data " + e.getKey());
                List<String> problems = ReportCheck.problems(host.registry(), e.getKey(), e.getValue());
                assertTrue(problems.isEmpty(), e.getKey() + ":\n" + String.join("\n", problems));
            }
        }
        System.out.println("report data checked: " + studies.keySet());
    }

    @Test
    void theCheckPassesOnAFreshExportAndCatchesAChangedVerdictOrInterval() throws Exception {
        Path data = runAndExport("study", "data sample(train: 200, test: 100); seed 5;"
                + " model 'wide', encoder: mlp(hidden: 32, epochs: 3, batch: 50);"
                + " model 'narrow', encoder: mlp(hidden: 4, epochs: 1, batch: 50);"
                + " attack fgsm(epsMin: 0.001, epsMax: 0.3, epsCount: 8, extend: false, bisect: true);"
                + " analyze compare(bootstrap: 200);"
                + " claim 'wide more accurate', 'wide > narrow', on: 'clean.accuracy';"
                + " claim 'wide more robust', 'wide > narrow', on: 'fgsm.medianCriticalDistance'");
        assertFalse(Files.exists(data.resolve("models/wide/W.npy")), "no weights in an export");
        assertTrue(Files.exists(data.resolve("metrics/wide/clean-predictions.csv")), "per-image predictions exported");
        List<String> compute = Files.readAllLines(data.resolve("compute.csv"));
        for (String step : List.of("\"train wide (history, 3 epochs)\"", "\"attack fgsm on narrow\"", "\"analysis compare\"")) {
            assertTrue(compute.stream().anyMatch(l -> l.startsWith(step + ",") && Double.parseDouble(l.substring(step.length() + 1)) > 0),
                    step + " with its seconds in compute.csv: " + compute);
        }
        String tables = Files.readString(data.resolve("tables.md"));
        assertTrue(tables.contains("### Metrics with bootstrap intervals (`analyses/compare/metrics.csv`)\n\n"
                + "| model | metric | value | ci_low | ci_high |\n"), tables);
        assertTrue(tables.contains("| wide | clean.accuracy | "), "the study's rows, rounded: " + tables);
        assertTrue(tables.contains("| metric | wide | narrow |\n"), "and a column per model: " + tables);
        String table = Files.readString(data.resolve("claims.md"));
        Path md = dir.resolve("report.md");
        Files.writeString(md, "# A report\n\n" + table + "\nMore text.\n");
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            assertEquals(List.of(), ReportCheck.problems(host.registry(), data, md));

            Path claims = data.resolve("analyses/compare/claims.csv");
            String original = Files.readString(claims);
            String verdict = original.contains(",holds,") ? ",holds," : original.contains(",differs,") ? ",differs," : ",undecided,";
            Files.writeString(claims, original.replaceFirst(verdict, verdict.equals(",holds,") ? ",differs," : ",holds,"));
            assertTrue(ReportCheck.problems(host.registry(), data, md).stream().anyMatch(p -> p.contains("claims.csv")),
                    "a changed verdict in claims.csv");
            Files.writeString(claims, original);

            String[] lines = table.split("\n");
            String link = lines[2]; // the first link row: | claim | metric | link | a | b | difference | [lo, hi] | verdict |
            String tampered = link.replaceFirst("\\[([-0-9.e]+),", "[9.999,");
            assertFalse(tampered.equals(link), link);
            Files.writeString(md, "# A report\n\n" + table.replace(link, tampered) + "\n");
            assertTrue(ReportCheck.problems(host.registry(), data, md).stream().anyMatch(p -> p.contains("does not contain")),
                    "a changed interval in the report's table");
        }
    }
    /**
     * Claims on another analyzer's paired metrics (power-law α, landscape roughness) survive the export and are
     * re-derived from the exported paired-metrics.json; a changed interval there is caught.
     */
    @Test
    void claimsOnPowerLawAndRoughnessAreReDerivedFromTheExport() throws Exception {
        Path data = runAndExport("spectra", "data sample(train: 300, test: 100); seed 4;"
                + " model 'long', encoder: mlp(hidden: 32, epochs: 4, batch: 50);"
                + " model 'short', encoder: mlp(hidden: 32, epochs: 1, batch: 50);"
                + " analyze powerlaw(bootstrap: 5, imageWindow: [2, 20], noiseWindow: [2, 20]),"
                + " landscape(grid: 5, roughnessImages: 8, roughnessGrid: 5), compare(bootstrap: 200);"
                + " claim 'long steeper on images', 'long > short', on: 'powerlaw.cifar.alpha';"
                + " claim 'long smoother', 'long < short', on: 'landscape.roughness';"
                + " claim 'long smoother on its own scale', 'long < short', on: 'landscape.rangeRoughness';"
                + " claim 'alpha of long in a wide band', 'long', on: 'powerlaw.cifar.alpha', within: [-10, 10];"
                + " claim 'long a power law', 'long', on: 'powerlaw.noise.rSquared', within: [0.5, 1];"
                + " claim 'accuracy of short in a band', 'short', on: 'clean.accuracy', within: [0.05, 0.9]");
        Path md = dir.resolve("spectra.md");
        Files.writeString(md, "# A report\n\n" + Files.readString(data.resolve("claims.md")));
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            assertEquals(List.of(), ReportCheck.problems(host.registry(), data, md));
            Path paired = data.resolve("analyses/landscape/paired-metrics.json");
            byte[] original = Files.readAllBytes(paired);
            for (int metric = 0; metric < 2; metric++) { // landscape.roughness, landscape.rangeRoughness
                Map<String, Object> json = org.robustlab.core.results.Json.readMap(paired);
                @SuppressWarnings("unchecked")
                Map<String, Object> diff = ((List<Map<String, Object>>) ((List<Map<String, Object>>) json.get("metrics")).get(metric)
                        .get("differences")).get(0);
                diff.put("ciLow", -99.0);
                diff.put("ciHigh", -98.0);
                Files.write(paired, org.robustlab.core.results.Json.bytes(json));
                assertTrue(ReportCheck.problems(host.registry(), data, md).stream().anyMatch(p -> p.contains("claims.csv")),
                        "a changed interval of the roughness difference, metric " + metric);
                Files.write(paired, original);
            }
        }
    }

    /** Runs the inline study into {@code name} and exports it to {@code name-data}; the export folder. */
    private Path runAndExport(String name, String script) {
        Path study = dir.resolve(name);
        Cli run = Cli.run("run", "-e", script, "--out", study.toString(), "--no-site");
        assertEquals(0, run.exit(), run.err());
        Path data = dir.resolve(name + "-data");
        Cli export = Cli.run("export", study.toString(), "--to", data.toString());
        assertEquals(0, export.exit(), export.err());
        return data;
    }
}
