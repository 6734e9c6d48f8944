package org.robustlab.core.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's python3 for NumPy and PyTorch cross-checks; tests skip themselves when the module
 * they need is missing. The {@code python3} on PATH comes first; Debian's {@code /usr/bin/python3}
 * is tried when it lacks the module (a pyenv or venv interpreter on PATH does not see the
 * packages {@code apt-get install python3-numpy python3-torch} puts there).
 */
public final class Python {
    private static final List<String> INTERPRETERS = List.of("python3", "/usr/bin/python3");
    /** Module → interpreter that imports it ("" for none): importing torch takes seconds, so ask once per JVM. */
    private static final java.util.Map<String, String> FOUND = new java.util.concurrent.ConcurrentHashMap<>();

    private Python() {
    }

    /** True when python3 with numpy can be started. */
    public static boolean hasNumpy() {
        return has("numpy");
    }

    /** True when a python3 that can import {@code module} is installed. */
    public static boolean has(String module) {
        return interpreterWith(module) != null;
    }

    /** Runs {@code python3 ARGS...} with an interpreter that has numpy; true on exit code 0 (output is printed on failure). */
    public static boolean run(String... args) {
        return runWith("numpy", args);
    }

    /** Runs {@code python3 ARGS...} with an interpreter that can import {@code module}; true on exit code 0. */
    public static boolean runWith(String module, String... args) {
        String python = interpreterWith(module);
        return python != null && exec(python, true, args);
    }

    /** The first interpreter that can import {@code module}, or null. */
    static String interpreterWith(String module) {
        String found = FOUND.computeIfAbsent(module, m -> INTERPRETERS.stream()
                .filter(python -> exec(python, false, "-c", "import " + m)).findFirst().orElse(""));
        return found.isEmpty() ? null : found;
    }

    private static boolean exec(String python, boolean printFailure, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            boolean ok = p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok && printFailure) {
                System.err.println(out);
            }
            return ok;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
