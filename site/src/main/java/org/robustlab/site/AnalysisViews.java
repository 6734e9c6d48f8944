package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.api.SiteView;

/**
 * Site data of the views extensions declared (spectra, power-law fits, landscapes, synapses, and the generic table,
 * lines and image kinds) and of the clean evaluations. Each reads the files its view names.
 */
final class AnalysisViews {
    private AnalysisViews() {
    }

    /** The spectra file's curves, with the power-law fits (null: none) to draw dashed over them. */
    static Map<String, Object> spectra(Path spectraFile, Path fitsFile) {
        Map<String, Object> json = Json.readMap(spectraFile);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inputs", json.get("inputs"));
        out.put("curves", json.get("curves"));
        out.put("fits", fitsFile == null ? List.of() : fits(fitsFile));
        return out;
    }

    /** Rows of a power-law fits file ({@code fits.json}). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fits(Path fitsFile) {
        return (List<Map<String, Object>>) Json.readMap(fitsFile).getOrDefault("fits", List.of());
    }

    /** The fits table: full-width spectra only, formatted. */
    static List<Map<String, Object>> fitTable(Path fitsFile) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> f : fits(fitsFile)) {
            if (Boolean.TRUE.equals(f.get("scale"))) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("input", f.get("input"));
            r.put("subject", f.get("subject"));
            r.put("state", f.get("state"));
            r.put("alpha", fmt("%.3f ± %.3f", f.get("alpha"), f.get("stdError")));
            r.put("r2", fmt("%.3f", f.get("rSquared")));
            r.put("window", f.get("first") + "–" + f.get("last"));
            r.put("weighted", fmt("%.3f ± %.3f", f.get("alphaWeighted"), f.get("stdErrorWeighted")));
            r.put("ci", fmt("[%.3f, %.3f]", f.get("ciLow"), f.get("ciHigh")));
            r.put("calibration", fmt("%.3f", f.get("calibrationAlpha")));
            r.put("poor", Boolean.TRUE.equals(f.get("poorFit")));
            rows.add(r);
        }
        return rows;
    }

    private static String fmt(String pattern, Object... values) {
        Object[] v = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            v[i] = values[i] instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return String.format(Locale.ROOT, pattern, v);
    }

    static Map<String, Object> landscape(Path dir, String landscapeFile) {
        LandscapeData data = LandscapeData.read(dir, landscapeFile);
        List<Map<String, Object>> models = new ArrayList<>();
        for (LandscapeData.Surface s : data.models()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.model());
            m.put("jacobian", round(s.jacobian(), 5));
            m.put("predicted", s.predicted());
            m.put("confidence", round(s.confidence(), 3));
            models.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("axis", data.axis());
        out.put("classNames", data.classNames());
        out.put("className", data.className());
        out.put("image", data.image());
        out.put("models", models);
        return out;
    }

    /** Significant digits are enough for plotting and keep the embedded JSON small. */
    private static double[][] round(double[][] a, int digits) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                double v = a[i][j];
                out[i][j] = v == 0 || !Double.isFinite(v) ? v
                        : new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).doubleValue();
            }
        }
        return out;
    }

    /**
     * Classification evaluations of the clean test set per model: every metric result with accuracy, macro scores and a
     * confusion matrix (the built-in Tribuo {@code evaluation} metric, or any metric writing the same fields).
     */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> evaluations(Path dir, List<ModelEntry> models) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelEntry m : models) {
            if (m.metrics() == null || m.metrics().file() == null || !Files.exists(dir.resolve(m.metrics().file()))) {
                continue;
            }
            for (Object result : Json.readMap(dir.resolve(m.metrics().file())).values()) {
                if (!(result instanceof Map<?, ?> ev) || !(ev.get("confusionMatrix") instanceof Map<?, ?>)
                        || !(ev.get("accuracy") instanceof Number)) {
                    continue;
                }
                Map<String, Object> e = (Map<String, Object>) ev;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("model", m.name());
                row.put("accuracy", fmt("%.4f", e.get("accuracy")));
                row.put("macroPrecision", fmt("%.4f", e.get("macroPrecision")));
                row.put("macroRecall", fmt("%.4f", e.get("macroRecall")));
                row.put("macroF1", fmt("%.4f", e.get("macroF1")));
                row.put("balancedErrorRate", fmt("%.4f", e.get("balancedErrorRate")));
                row.put("confusion", e.get("confusionMatrix"));
                out.add(row);
                break;
            }
        }
        return out;
    }

    /** Synapse-variance histograms, from each {@code synapses} view (files: the variance CSV, the model.json). */
    static List<Map<String, Object>> synapses(Path dir, List<DeclaredViews.Owned> views) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeclaredViews.Owned v : views) {
            List<List<String>> rows = CsvTables.rows(dir.resolve(v.file())); // unit,variance,pruned
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("model", v.model() == null ? v.view().title() : v.model());
            s.put("variances", rows.stream().map(r -> Double.parseDouble(r.get(1))).toList());
            s.put("pruned", rows.stream().filter(r -> r.get(2).equals("true")).count());
            Path modelJson = v.view().files().size() > 1 ? dir.resolve(v.view().files().get(1)) : null;
            Object unconverged = modelJson != null && Files.exists(modelJson) ? Json.readMap(modelJson).get("unconvergedFraction") : null;
            s.put("converged", unconverged instanceof Number u
                    ? String.format(Locale.ROOT, "%.1f%% of the units converged (|‖s‖_p − 1| within tolerance). ",
                            100 * (1 - u.doubleValue())) : "");
            s.put("id", "syn-" + out.size());
            out.add(s);
        }
        return out;
    }

    /** Rows shown of a table view; the full file is linked. */
    static final int TABLE_ROWS = 200;

    /**
     * A generic view as the template shows it: a table (header and rows of a CSV), a line plot (CSV: first column x,
     * each other column a curve) or images.
     */
    static Map<String, Object> generic(Path dir, DeclaredViews.Owned o, int index) {
        SiteView v = o.view();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", v.title());
        out.put("owner", o.owner());
        out.put("id", "view-" + index);
        out.put("files", v.files().stream().map(f -> Map.of("path", "../" + f, "name", f)).toList());
        switch (v.kind()) {
            case SiteView.TABLE -> {
                List<List<String>> rows = CsvTables.withHeader(dir.resolve(o.file()));
                out.put("isTable", true);
                out.put("header", rows.isEmpty() ? List.of() : rows.get(0));
                out.put("rows", rows.stream().skip(1).limit(TABLE_ROWS)
                        .map(r -> Map.of("cells", r.stream().map(AnalysisViews::cell).toList())).toList());
                out.put("truncated", rows.size() - 1 > TABLE_ROWS ? (rows.size() - 1) + " rows; the first " + TABLE_ROWS + " shown" : null);
            }
            case SiteView.LINES -> {
                List<List<String>> rows = CsvTables.withHeader(dir.resolve(o.file()));
                if (rows.size() < 2 || rows.get(0).size() < 2) {
                    throw new IllegalArgumentException(o.file() + " needs a header and rows with an x column and at least one y column");
                }
                List<String> header = rows.get(0);
                List<Map<String, Object>> series = new ArrayList<>();
                for (int c = 1; c < header.size(); c++) {
                    int col = c;
                    series.add(Map.of("name", header.get(c),
                            "x", rows.stream().skip(1).map(r -> number(r.get(0), o.file())).toList(),
                            "y", rows.stream().skip(1).map(r -> number(r.get(col), o.file())).toList()));
                }
                out.put("isLines", true);
                out.put("plot", Map.of("id", "view-" + index, "title", v.title(), "x", header.get(0), "series", series));
            }
            case SiteView.IMAGE -> {
                out.put("isImage", true);
                out.put("images", v.files().stream().map(f -> Map.of("src", "../" + f, "name", f)).toList());
            }
            default -> throw new IllegalArgumentException("not a generic kind: " + v.kind());
        }
        return out;
    }

    /** A table cell as shown: numbers with a fraction to 6 significant digits (the linked file has them all). */
    static String cell(String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(text.length() - 1)))) {
            return text;
        }
        try {
            double v = Double.parseDouble(text);
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return text;
            }
            return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static double number(String cell, String file) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + cell + "' is not a number (a lines view plots numeric columns)");
        }
    }
}
