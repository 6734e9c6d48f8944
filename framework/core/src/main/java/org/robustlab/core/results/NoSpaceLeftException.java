package org.robustlab.core.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.robustlab.api.RobustlabException;

/**
 * The file system holding the results is full. Not the fault of the step that was writing: the
 * study runner stops the study (every later write would fail too) and marks it failed.
 */
public final class NoSpaceLeftException extends RobustlabException {
    private final Path file;

    public NoSpaceLeftException(Path file, Throwable cause) {
        super("no space left on device while writing " + file + " (" + free(file) + " free on its file system); "
                + "free some space, or write the results elsewhere with --out DIR, and run again: finished steps are kept");
        initCause(cause);
        this.file = file;
    }

    /** The file that could not be written. */
    public Path file() {
        return file;
    }

    /** Whether {@code e} or one of its causes is the operating system's "no space" (ENOSPC, EDQUOT). */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoSpaceLeftException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null) {
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Free space of the nearest existing folder of {@code file}, human-readable. */
    static String free(Path file) {
        Path p = file.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            long bytes = p == null ? -1 : Files.getFileStore(p).getUsableSpace();
            if (bytes < 0) {
                return "unknown space";
            }
            return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                    : bytes >= 1L << 20 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20))
                    : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        } catch (IOException e) {
            return "unknown space";
        }
    }
}
