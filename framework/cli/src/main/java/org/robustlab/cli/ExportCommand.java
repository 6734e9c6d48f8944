package org.robustlab.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.AtomicFiles;
import org.robustlab.core.results.ComputeTime;
import org.robustlab.core.results.ResultsExport;
import org.robustlab.core.study.OutputLock;
import org.robustlab.core.study.StudyStatus;
import org.robustlab.site.ClaimsMarkdown;
import org.robustlab.site.TablesMarkdown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code robustlab export DIR --to FOLDER}: the small results of a finished study (study.json, CSV and JSON of
 * attacks, metrics and analyses, training histories; optionally the figures), never weights, for a report in a
 * repository; with the claims as a Markdown table ({@code claims.md}) to paste into the report, the study's other
 * tables ({@code tables.md}: power-law fits and every table view) and the compute
 * each step cost ({@code compute.csv}).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Copy a study's small results (no weights) into a folder for a report, with its claims as Markdown.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "study output folder (with study.json)")
    Path dir;

    @Option(names = "--to", required = true, paramLabel = "FOLDER", description = "the export folder (must not exist)")
    Path to;

    @Option(names = "--figures", description = "also copy the site's PNG/SVG figures")
    boolean figures;

    @Option(names = "--max-mb", paramLabel = "MB", description = "size limit of the export (default ${DEFAULT-VALUE})")
    double maxMb = 20;

    @Option(names = "--replace", description = "replace an existing export folder as a whole")
    boolean replace;

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    @Override
    public Integer call() {
        if (OutputLock.isHeld(dir)) {
            throw new RobustlabException("a run is still writing " + dir + "; export it when the run has finished");
        }
        String status = StudyStatus.reconcile(dir);
        if (!StudyStatus.COMPLETE.equals(status)) {
            System.err.println("note: the study in " + dir + " is " + status + ", not complete; the export holds what it finished");
        }
        List<ResultsExport.Item> items = ResultsExport.export(dir, to, figures, (long) (maxMb * 1e6), replace);
        long bytes = items.stream().mapToLong(ResultsExport.Item::bytes).sum();
        System.out.printf(Locale.ROOT, "exported %d files (%.2f MB) to %s%n", items.size(), bytes / 1e6, to);
        // the compute behind the results, for the report (summed over every run that resumed the study)
        List<ComputeTime.Part> parts = ComputeTime.of(to);
        StringBuilder csv = new StringBuilder("step,seconds\n");
        double total = 0;
        boolean unknown = false;
        for (ComputeTime.Part p : parts) {
            csv.append('"').append(p.step().replace("\"", "\"\"")).append("\",").append(p.seconds()).append('\n');
            total += Double.isNaN(p.seconds()) ? 0 : p.seconds();
            unknown |= Double.isNaN(p.seconds());
        }
        AtomicFiles.write(to.resolve("compute.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "compute: %.2f h over %d steps%s (compute.csv)%n", total / 3600, parts.size(),
                unknown ? ", some steps without recorded time" : "");
        String claims = ClaimsMarkdown.ofStudy(to);
        if (claims != null) {
            AtomicFiles.write(to.resolve("claims.md"), claims.getBytes(StandardCharsets.UTF_8));
            System.out.println("claims table: " + to.resolve("claims.md"));
        }
        String tables = TablesMarkdown.ofStudy(to);
        if (tables != null) {
            AtomicFiles.write(to.resolve("tables.md"), tables.getBytes(StandardCharsets.UTF_8));
            System.out.println("result tables: " + to.resolve("tables.md"));
        }
        return 0;
    }
}
