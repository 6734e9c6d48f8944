package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Plugin projects outside robustlab's build: written by {@code new-plugin} or copied, built with the wrapper. */
final class PluginProjects {
    private PluginProjects() {
    }

    /** Runs {@code new-plugin} and returns the project folder. */
    static Path scaffold(String kind, String id, Path parent) {
        Cli r = Cli.run("new-plugin", "--kind", kind, "--name", id, "--dir", parent.toString());
        assertEquals(0, r.exit(), r.err());
        return parent.resolve(id);
    }

    /**
     * {@code mvnw package} on the project; returns {@code target/<artifactId>-<version>.jar}. Not offline:
     * the plugin project resolves robustlab-api's dependencies at the versions their own poms name,
     * which robustlab's build (with its dependency management) never downloads on a fresh machine.
     */
    static Path build(Path project, String jarName) throws Exception {
        Path home = DslScriptsSmokeTest.home();
        Path log = Files.createTempFile("plugin-build", ".log");
        Process p = new ProcessBuilder(home.resolve("mvnw").toString(), "-B", "-q", "package",
                "-f", project.resolve("pom.xml").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("building " + project + " took more than 10 minutes");
        }
        assertEquals(0, p.exitValue(), "building " + project + " failed (are robustlab-api and robustlab-testkit installed? run ./mvnw install):\n"
                + Files.readString(log));
        return project.resolve("target").resolve(jarName);
    }

    /** Copies a source tree (without {@code target/}). */
    static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.startsWith("target")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(f, to.resolve(rel.toString()));
                }
            }
        }
        return to;
    }

    /** Replaces one literal snippet in a source file, failing when it is not there. */
    static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " no longer contains: " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }
}
