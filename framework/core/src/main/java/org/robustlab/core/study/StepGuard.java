package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.NoSpaceLeftException;

/**
 * The one place a study step's failure is handled: plugin code may throw anything short of a VM error, so a failing
 * step is recorded (in its manifest entry and the study's failure list, and on the console) and the study goes on;
 * a full disk fails every later write too and ends the study instead.
 */
final class StepGuard {
    private final List<String> failures;
    private final PrintStream out;

    StepGuard(List<String> failures, PrintStream out) {
        this.failures = failures;
        this.out = out;
    }

    /**
     * Runs {@code body}; on failure passes the message to {@code recordInEntry}, reports {@code step: message} and
     * returns false.
     */
    boolean run(String step, Consumer<String> recordInEntry, Runnable body) {
        try {
            body.run();
            return true;
        } catch (RuntimeException | LinkageError | AssertionError e) {
            rethrowIfFatal(e);
            String message = message(e);
            recordInEntry.accept(message);
            report(step + ": " + message);
            return false;
        }
    }

    /** Adds a failure to the study's list and says so on the console. */
    void report(String what) {
        failures.add(what);
        out.println("FAILED: " + what);
    }

    /** How many failures the study has so far (a step compares before and after to know whether a part failed). */
    int failureCount() {
        return failures.size();
    }

    /** A full disk fails every later write too: it ends the study instead of failing one step. */
    static void rethrowIfFatal(Throwable e) {
        if (NoSpaceLeftException.isNoSpace(e)) {
            throw e instanceof NoSpaceLeftException n ? n : new NoSpaceLeftException(pathOf(e), e);
        }
    }

    private static Path pathOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException n) {
                return n.file();
            }
        }
        return Path.of("a result file");
    }

    /** Where an extension comes from, for failure messages: plugin id, version and file. */
    static String origin(Configured<?> c) {
        return "plugin " + c.info().pluginId() + " " + c.info().pluginVersion()
                + (c.info().source() == null ? "" : ", " + c.info().source().getFileName());
    }

    static String message(Throwable e) {
        if (e instanceof RobustlabException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
