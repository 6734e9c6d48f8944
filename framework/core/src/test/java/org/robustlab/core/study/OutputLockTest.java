package org.robustlab.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.testkit.ChildJvm;

class OutputLockTest {
    @TempDir
    Path dir;

    /** Child JVM: locks args[0], says so, then holds it until killed. */
    public static void main(String[] args) throws Exception {
        OutputLock lock = OutputLock.acquire(Path.of(args[0]));
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(120_000);
        lock.close();
    }

    @Test
    void aSecondRunInThisJvmIsRefusedAndTheFolderIsFreeAfterwards() {
        Path out = dir.resolve("out");
        try (OutputLock first = OutputLock.acquire(out)) {
            RobustlabException e = assertThrows(RobustlabException.class, () -> OutputLock.acquire(out));
            assertEquals("output folder " + out + " is in use by another robustlab run (PID " + ProcessHandle.current().pid()
                    + "); wait for it to finish, stop it, or choose another --out", e.getMessage());
            assertTrue(OutputLock.isHeld(out));
        }
        assertFalse(OutputLock.isHeld(out));
        OutputLock.acquire(out).close();
    }

    @Test
    void anotherProcessHoldsItUntilKilledWithSignal9() throws Exception {
        Path out = dir.resolve("out");
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start(OutputLockTest.class, log, out.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).contains("locked"))) {
                assertTrue(child.isAlive(), "child died: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "child never locked the folder");
                Thread.sleep(50);
            }
            RobustlabException e = assertThrows(RobustlabException.class, () -> OutputLock.acquire(out));
            assertTrue(e.getMessage().contains("in use by another robustlab run (PID " + child.pid() + ")"), e.getMessage());
            assertTrue(OutputLock.isHeld(out));
        } finally {
            child.destroyForcibly(); // SIGKILL on Unix: the lock must not outlive the process
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(out.resolve(OutputLock.FILE)), "the lock file stays; only the OS lock matters");
        assertFalse(OutputLock.isHeld(out));
        OutputLock.acquire(out).close();
    }

    @Test
    void aRunningManifestWithAFreeLockIsInterrupted() {
        Path out = dir.resolve("killed");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "s");
        m.put("status", StudyStatus.RUNNING);
        new StudyFiles(out).writeJson("study.json", m);
        try (OutputLock held = OutputLock.acquire(out)) {
            assertEquals(StudyStatus.RUNNING, StudyStatus.reconcile(out), "a run holds it: still running");
        }
        assertEquals(StudyStatus.INTERRUPTED, StudyStatus.reconcile(out));
        assertEquals(StudyStatus.INTERRUPTED, Json.readMap(out.resolve("study.json")).get("status"));
        assertEquals(null, StudyStatus.reconcile(dir.resolve("nothing-here")));
    }
}
