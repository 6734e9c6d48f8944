package org.robustlab.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CLI of the assembled distribution in a JVM of its own, started as the {@code robustlab}
 * launcher starts it ({@code java -cp lib/* org.robustlab.cli.Main}), for what needs a real process:
 * {@code kill -9}, two runs at once.
 */
final class Launched {
    private Launched() {
    }

    static Process start(Path log, String... args) throws IOException {
        String dist = System.getProperty("robustlab.dist");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-Drobustlab.dist=" + dist, "-Drobustlab.home=" + System.getProperty("robustlab.home"), "-cp", Path.of(dist, "lib").toAbsolutePath() + "/*",
                "org.robustlab.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
