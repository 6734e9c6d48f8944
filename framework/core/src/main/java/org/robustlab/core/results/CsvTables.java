package org.robustlab.core.results;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the CSV files {@link StudyFiles#writeCsv} writes (header row, quoted cells with commas or quotes). */
public final class CsvTables {
    private CsvTables() {
    }

    /** Rows after the header, as cells. */
    public static List<List<String>> rows(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            List<List<String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                rows.add(cells(line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The header row followed by the rows, from one read of the file; empty for an empty file. */
    public static List<List<String>> withHeader(Path file) {
        try {
            List<List<String>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                rows.add(cells(line));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The header row. */
    public static List<String> header(Path file) {
        try {
            return cells(Files.readAllLines(file).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
