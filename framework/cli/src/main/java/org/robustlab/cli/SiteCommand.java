package org.robustlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustlab.core.study.StudyStatus;
import org.robustlab.site.SiteGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code robustlab site DIR}: (re)generates DIR/site from a study's saved results. */
@Command(name = "site", mixinStandardHelpOptions = true, description = "Generate the results website of a finished study.")
final class SiteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "study output folder (with study.json)")
    Path dir;

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    @Override
    public Integer call() {
        String status = StudyStatus.reconcile(dir);
        if (StudyStatus.INTERRUPTED.equals(status)) {
            System.err.println("note: the run into " + dir + " was interrupted (killed before it finished); the site shows"
                    + " what it finished. Run the same study again to resume it.");
        } else if (StudyStatus.RUNNING.equals(status)) {
            System.err.println("note: a run is still writing " + dir + "; the site shows what it has finished so far");
        }
        System.out.println("site: " + SiteGenerator.generate(dir).resolve("index.html"));
        return 0;
    }
}
