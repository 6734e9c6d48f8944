package org.robustlab.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.api.RobustlabException;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void failedWriteLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("study.json");
        Files.writeString(target, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes());
            throw new IllegalStateException("killed mid-write");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("study.json"), names());
    }

    @Test
    void resultFilesStayInsideTheOutputFolder() {
        StudyFiles files = new StudyFiles(dir);
        files.writeCsv("attacks/m/a.csv", List.of("x", "y"), List.of(List.of(1, "a,b")));
        assertEquals(dir.resolve("attacks/m/a.csv"), files.resolve("attacks/m/a.csv"));
        RobustlabException e = assertThrows(RobustlabException.class, () -> files.writeJson("../escape.json", 1));
        assertEquals("result path '../escape.json' escapes the output folder " + dir, e.getMessage());
    }

    @Test
    void csvQuotesCellsWithCommas() throws Exception {
        new StudyFiles(dir).writeCsv("t.csv", List.of("x", "y"), List.of(List.of(1, "a,b"), List.of(2.5, "q\"")));
        assertEquals(List.of("x,y", "1,\"a,b\"", "2.5,\"q\"\"\""), Files.readAllLines(dir.resolve("t.csv")));
    }

    @Test
    void csvRoundTripKeepsEveryValueExactly() {
        java.util.Random rng = new java.util.Random(3);
        List<List<?>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(List.of(rng.nextDouble() * Math.pow(10, rng.nextInt(12) - 6), i, rng.nextBoolean(), "name,\"" + i));
        }
        Path f = new StudyFiles(dir).writeCsv("attacks/m/a.csv", List.of("epsilon", "n", "censored", "label"), rows);
        assertEquals(List.of("epsilon", "n", "censored", "label"), CsvTables.header(f));
        List<List<String>> back = CsvTables.rows(f);
        for (int i = 0; i < 50; i++) {
            assertEquals(rows.get(i).get(0), Double.parseDouble(back.get(i).get(0)));
            assertEquals(rows.get(i).get(1), Integer.parseInt(back.get(i).get(1)));
            assertEquals(rows.get(i).get(2), Boolean.parseBoolean(back.get(i).get(2)));
            assertEquals(rows.get(i).get(3), back.get(i).get(3));
        }
    }

    @Test
    void resultsGetTheUmaskPermissionsNotPrivateOnes() throws Exception {
        // A file created the ordinary way gets 0666 & ~umask (0644 under 022); results must match it, not 0600.
        Path plain = Files.createFile(dir.resolve("plain"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> expected = Files.getPosixFilePermissions(plain);
        Files.delete(plain);
        Path plainDir = Files.createDirectory(dir.resolve("plain-dir"));
        java.util.Set<java.nio.file.attribute.PosixFilePermission> expectedDir = Files.getPosixFilePermissions(plainDir);
        Files.delete(plainDir);
        Path f = new StudyFiles(dir).writeJson("sub/study.json", java.util.Map.of("a", 1));
        assertEquals(expected, Files.getPosixFilePermissions(f));
        assertTrue(expectedDir.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)
                == expected.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "under a 022 umask files are 0644 and folders 0755: " + expected + " " + expectedDir);
        assertEquals(expectedDir, Files.getPosixFilePermissions(f.getParent()));
    }

    @Test
    void fullDiskSaysSoNamesTheFileAndLeavesNothing() throws Exception {
        Path target = dir.resolve("model.npy");
        NoSpaceLeftException e = assertThrows(NoSpaceLeftException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[1000]);
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().startsWith("no space left on device while writing " + target + " ("), e.getMessage());
        assertTrue(e.getMessage().matches("(?s).*\\(\\d+\\.\\d [KMG]iB free on its file system\\).*"), e.getMessage());
        assertEquals(List.of(), names(), "neither the target nor a temporary file is left");
    }

    @Test
    void fullTmpfsIsReportedAsNoSpace() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("tiny"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes());
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0,
                "skipped: cannot mount a small tmpfs here (" + why.trim() + "); the injected failure test covers the logic");
        try {
            NoSpaceLeftException e = assertThrows(NoSpaceLeftException.class,
                    () -> AtomicFiles.write(mount.resolve("big.bin"), new byte[1 << 20]));
            assertTrue(e.getMessage().contains("while writing " + mount.resolve("big.bin")), e.getMessage());
            try (Stream<Path> s = Files.list(mount)) {
                assertEquals(List.of(), s.toList(), "no truncated file is left");
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }
}
