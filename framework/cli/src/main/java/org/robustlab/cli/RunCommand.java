package org.robustlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.study.StudyRunner;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;
import org.robustlab.site.SiteGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code robustlab run FILE.groovy} or {@code robustlab run -e 'encoder mlp; attack random'}. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run a study script and generate its site.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "study script (.groovy)")
    Path file;

    @Option(names = "-e", paramLabel = "BODY", description = "study body given inline, wrapped in study { }")
    String inline;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default results/<study name>)")
    Path out;

    @Option(names = "--no-site", description = "do not generate the results site")
    boolean noSite;

    @Option(names = "--fresh", description = "recompute everything: ignore saved models, training checkpoints and finished steps")
    boolean fresh;

    @Option(names = "--reuse-models", paramLabel = "DIR", description = "another study's output folder: a model with the same"
            + " parameters, data, seed and name is copied from it instead of trained (repeatable)")
    List<Path> reuseModels = new ArrayList<>();

    @Mixin
    HostOptions host;

    @Override
    public Integer call() {
        if ((file == null) == (inline == null)) {
            throw new RobustlabException("give a study script (robustlab run study.groovy) or an inline body (robustlab run -e 'encoder mlp')");
        }
        try (PluginHost plugins = host.load()) {
            StudyScriptLoader loader = new StudyScriptLoader(plugins.registry());
            StudySpec spec = file != null ? loader.load(file) : loader.loadInline(inline);
            Path outDir = out != null ? out : Path.of("results", spec.name);
            Path base = file != null && file.toAbsolutePath().getParent() != null ? file.toAbsolutePath().getParent() : Path.of(".");
            StudyRunner runner = new StudyRunner(plugins.registry(), System.out).fresh(fresh)
                    .reuseModelsFrom(checkedStudyFolders(reuseModels));
            if (!noSite) {
                runner.onFinished(dir -> System.out.println("site: " + SiteGenerator.generate(dir).resolve("index.html")));
            }
            Path done = runner.run(spec, outDir, base);
            System.out.println("results: " + done);
            return 0;
        }
    }

    /** Each --reuse-models folder must be a study's output folder (a typo would silently train everything again). */
    private static List<Path> checkedStudyFolders(List<Path> folders) {
        for (Path f : folders) {
            if (!Files.isRegularFile(f.resolve("study.json"))) {
                throw new RobustlabException("--reuse-models " + f + ": not a study's output folder (no"
                        + " study.json); give the folder a study was run into (its --out)");
            }
        }
        return folders;
    }
}
