package org.robustlab.core.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 for NumPy cross-checks; tests skip themselves when numpy is missing. */
public final class Python {
    private Python() {
    }

    /** True when python3 with numpy can be started. */
    public static boolean hasNumpy() {
        return run("-c", "import numpy");
    }

    /** Runs {@code python3 ARGS...}; true on exit code 0 (output is printed on failure). */
    public static boolean run(String... args) {
        List<String> cmd = new ArrayList<>(List.of("python3"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            boolean ok = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!ok && !(args.length == 2 && args[1].equals("import numpy"))) {
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
