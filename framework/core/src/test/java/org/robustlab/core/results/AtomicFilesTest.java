package org.robustlab.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
