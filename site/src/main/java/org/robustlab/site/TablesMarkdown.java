package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.robustlab.api.SiteView;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * A study's tables as Markdown for a report, so numbers are copied by the tool and not by hand: the power-law fits
 * of the full spectra (input, subject, state, α with its interval, r²) and every {@code table} view an extension
 * declared (e.g. compare's metrics and differences, powerlaw's α differences, landscape's roughness), each under
 * its title and file. Numbers are printed to four significant digits; the CSV files stay the record.
 */
public final class TablesMarkdown {
    private TablesMarkdown() {
    }

    /** The tables of a study folder; null when it declares none. */
    public static String ofStudy(Path studyDir) {
        DeclaredViews views = DeclaredViews.of(StudyManifest.read(studyDir));
        StringBuilder b = new StringBuilder();
        DeclaredViews.Owned fits = views.first(SiteView.POWER_LAW_FITS);
        if (fits != null && Files.isRegularFile(studyDir.resolve(fits.file()))) {
            b.append("### ").append(cell(fits.view().title())).append(" (`").append(fits.file()).append("`)\n\n");
            b.append(powerLawFits(studyDir.resolve(fits.file())));
        }
        for (DeclaredViews.Owned t : views.ofKind(SiteView.TABLE)) {
            Path file = studyDir.resolve(t.file());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<List<String>> rows = CsvTables.withHeader(file);
            b.append(b.isEmpty() ? "" : "\n").append("### ").append(cell(t.view().title())).append(" (`").append(t.file())
                    .append("`)\n\n").append(table(rows));
            String byModel = byModel(rows);
            if (byModel != null) {
                b.append("\nThe same, a column per model (value [95% CI]):\n\n").append(byModel);
            }
        }
        return b.isEmpty() ? null : b.toString();
    }

    /** The header of a table of per-model metrics with intervals, which {@link #byModel} pivots. */
    static final List<String> METRICS_HEADER = List.of("model", "metric", "value", "ci_low", "ci_high");

    /**
     * A per-model metrics table (header {@link #METRICS_HEADER}) pivoted to a row per metric and a column per model,
     * in the order they first appear, each cell "value [low, high]" ("–" where a model lacks the metric); null for any
     * other table.
     */
    static String byModel(List<List<String>> rows) {
        if (rows.isEmpty() || !rows.get(0).equals(METRICS_HEADER)) {
            return null;
        }
        Map<String, Map<String, String>> cells = new LinkedHashMap<>(); // metric -> model -> cell
        Set<String> models = new LinkedHashSet<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            models.add(r.get(0));
            cells.computeIfAbsent(r.get(1), k -> new LinkedHashMap<>())
                    .put(r.get(0), num(r.get(2)) + " [" + num(r.get(3)) + ", " + num(r.get(4)) + "]");
        }
        StringBuilder b = new StringBuilder("| metric |");
        models.forEach(m -> b.append(' ').append(cell(m)).append(" |"));
        b.append('\n').append("|---".repeat(models.size() + 1)).append("|\n");
        cells.forEach((metric, byModel) -> {
            b.append("| ").append(cell(metric)).append(" |");
            models.forEach(m -> b.append(' ').append(byModel.getOrDefault(m, "–")).append(" |"));
            b.append('\n');
        });
        return b.toString();
    }

    /** Full-spectrum fits only (the scale test's curves are in the file). */
    @SuppressWarnings("unchecked")
    static String powerLawFits(Path fitsJson) {
        Map<String, Object> json = Json.readMap(fitsJson);
        StringBuilder b = new StringBuilder("| input | subject | state | ranks | α | 95% CI | r² | calibration α |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> f : (List<Map<String, Object>>) json.getOrDefault("fits", List.of())) {
            if (Boolean.TRUE.equals(f.get("scale"))) {
                continue;
            }
            b.append("| ").append(cell(f.get("input"))).append(" | ").append(cell(f.get("subject"))).append(" | ")
                    .append(cell(f.get("state"))).append(" | ").append(f.get("first")).append("–").append(f.get("last"))
                    .append(" | ").append(num(f.get("alpha"))).append(" | [").append(num(f.get("ciLow"))).append(", ")
                    .append(num(f.get("ciHigh"))).append("] | ").append(num(f.get("rSquared"))).append(" | ")
                    .append(num(f.get("calibrationAlpha"))).append(" |\n");
        }
        return b.toString();
    }

    /** A CSV's rows (header first) as a Markdown table, numbers to four significant digits. */
    static String table(List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            b.append('|');
            for (String v : rows.get(r)) {
                b.append(' ').append(r == 0 ? cell(v) : num(v)).append(" |");
            }
            b.append('\n');
            if (r == 0) {
                b.append("|---".repeat(rows.get(0).size())).append("|\n");
            }
        }
        return b.toString();
    }

    private static String num(Object v) {
        if (v instanceof Number n) {
            return String.format(Locale.ROOT, "%.4g", n.doubleValue());
        }
        String s = String.valueOf(v);
        // integers (counts, indices) as they are; other numbers rounded; text escaped
        if (s.matches("-?\\d+")) {
            return s;
        }
        try {
            return String.format(Locale.ROOT, "%.4g", Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return cell(s);
        }
    }

    private static String cell(Object v) {
        return String.valueOf(v).replace("|", "\\|").replace("\n", " ");
    }
}
