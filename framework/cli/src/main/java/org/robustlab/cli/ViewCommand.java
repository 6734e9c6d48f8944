package org.robustlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustlab.api.RobustlabException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code robustlab view DIR}: the 3D surface viewer (arrives with the landscape analyzer and the site issue). */
@Command(name = "view", mixinStandardHelpOptions = true, description = "Show a study's 3D representation surfaces.")
final class ViewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "study output folder")
    Path dir;

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    @Override
    public Integer call() {
        throw new RobustlabException("view is not available yet: the 3D surface viewer arrives with the landscape"
                + " analyzer and the results-site work; open " + dir.resolve("site/index.html") + " meanwhile");
    }
}
