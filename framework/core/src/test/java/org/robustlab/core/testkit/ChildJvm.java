package org.robustlab.core.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} in a separate JVM with this test JVM's class path, for what one JVM
 * cannot show: per-JVM hashing, operating-system locks, a real {@code kill -9}.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** The java launcher of the running JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts {@code main} of {@code mainClass} with {@code args}; output goes to {@code log} (stdout and stderr). */
    public static Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
