package org.robustlab.core.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.StudyFiles;

/**
 * The {@code status} of {@code study.json}: {@code running} while a run holds the folder's lock,
 * {@code complete} when every step and the site succeeded, {@code failed} (with {@code failures})
 * on any error, {@code interrupted} when a run was killed: its manifest still says running but
 * nobody holds the lock; the next {@code run} or {@code site} notices and says so.
 */
public final class StudyStatus {
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    private StudyStatus() {
    }

    /** The manifest in {@code folder}, or an empty map when there is none or it cannot be read. */
    static Map<String, Object> read(Path folder) {
        Path f = folder.resolve("study.json");
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try {
            return Json.readMap(f);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Marks a manifest that says {@code running} as {@code interrupted} when no run holds the folder
     * (the run was killed), and returns the status now recorded; null without a readable manifest.
     */
    public static String reconcile(Path folder) {
        Map<String, Object> m = read(folder);
        if (m.isEmpty()) {
            return null;
        }
        Object status = m.get("status");
        if (RUNNING.equals(status) && !OutputLock.isHeld(folder)) {
            Map<String, Object> updated = new LinkedHashMap<>(m);
            updated.put("status", INTERRUPTED);
            try (OutputLock lock = OutputLock.acquire(folder)) {
                new StudyFiles(folder).writeJson("study.json", updated);
            } catch (RuntimeException e) {
                return INTERRUPTED; // read-only folder, or a run started meanwhile: report, change nothing
            }
            return INTERRUPTED;
        }
        return status == null ? null : status.toString();
    }
}
