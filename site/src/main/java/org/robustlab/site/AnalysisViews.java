package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;

/**
 * Site data of the analyzer outputs (spectra, power-law fits, landscapes, STIR/CKA) and of the
 * per-model extras (Tribuo metrics and confusion matrices, KH synapses). Each view is absent
 * (null or empty) when its files are, so its section is hidden.
 */
final class AnalysisViews {
    private AnalysisViews() {
    }

    static Map<String, Object> spectra(Path dir) {
        Path f = dir.resolve("analyses/spectrum/spectra.json");
        if (!Files.exists(f)) {
            return null;
        }
        Map<String, Object> json = Json.readMap(f);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("inputs", json.get("inputs"));
        out.put("curves", json.get("curves"));
        out.put("fits", fits(dir));
        return out;
    }

    /** Rows of analyses/powerlaw/fits.json (empty when the powerlaw analyzer did not run). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fits(Path dir) {
        Path f = dir.resolve("analyses/powerlaw/fits.json");
        return Files.exists(f) ? (List<Map<String, Object>>) Json.readMap(f).get("fits") : List.of();
    }

    /** The fits table: full-width spectra only, formatted. */
    static List<Map<String, Object>> fitTable(Path dir) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> f : fits(dir)) {
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

    static Map<String, Object> landscape(Path dir) {
        if (!LandscapeData.exists(dir)) {
            return null;
        }
        LandscapeData data = LandscapeData.read(dir);
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

    static Map<String, Object> stir(Path dir) {
        Path f = dir.resolve("analyses/stir/stir.json");
        return Files.exists(f) ? Json.readMap(f) : null;
    }

    static Map<String, Object> cka(Path dir) {
        Path f = dir.resolve("analyses/cka/cka.json");
        return Files.exists(f) ? Json.readMap(f) : null;
    }

    /** Tribuo evaluation of the clean test set per model, with its confusion matrix. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> evaluations(Path dir, List<Map<String, Object>> models) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : models) {
            // study.json names the metrics file of each model: {"file": "metrics/<model>/clean.json"}
            Object metrics = m.get("metrics");
            if (!(metrics instanceof Map<?, ?> ref) || ref.get("file") == null || !Files.exists(dir.resolve(String.valueOf(ref.get("file"))))) {
                continue;
            }
            if (!(Json.readMap(dir.resolve(String.valueOf(ref.get("file")))).get("evaluation") instanceof Map<?, ?> ev)) {
                continue;
            }
            Map<String, Object> e = (Map<String, Object>) ev;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", m.get("name"));
            row.put("accuracy", fmt("%.4f", e.get("accuracy")));
            row.put("macroPrecision", fmt("%.4f", e.get("macroPrecision")));
            row.put("macroRecall", fmt("%.4f", e.get("macroRecall")));
            row.put("macroF1", fmt("%.4f", e.get("macroF1")));
            row.put("balancedErrorRate", fmt("%.4f", e.get("balancedErrorRate")));
            row.put("confusion", e.get("confusionMatrix"));
            out.add(row);
        }
        return out;
    }

    /** A model's folder as study.json records it (derived from the name for manifests that predate the field). */
    static String modelFolder(Map<String, Object> model) {
        Object folder = model.get("folder");
        return folder != null ? folder.toString() : ModelStore.relativeFolder(String.valueOf(model.get("name")));
    }

    /** KH synapse tiles and variance histograms, for models that wrote them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> synapses(Path dir, List<Map<String, Object>> models) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> m : models) {
            String folder = modelFolder(m);
            Path csv = dir.resolve(folder + "/synapse-variance.csv");
            if (!Files.exists(csv)) {
                continue;
            }
            List<List<String>> rows = CsvTables.rows(csv); // unit,variance,pruned
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("model", m.get("name"));
            s.put("variances", rows.stream().map(r -> Double.parseDouble(r.get(1))).toList());
            s.put("pruned", rows.stream().filter(r -> r.get(2).equals("true")).count());
            Path modelJson = dir.resolve(folder + "/model.json");
            Object unconverged = Files.exists(modelJson) ? Json.readMap(modelJson).get("unconvergedFraction") : null;
            s.put("converged", unconverged instanceof Number u
                    ? String.format(java.util.Locale.ROOT, "%.1f%% of the units converged (|‖s‖_p − 1| within tolerance). ",
                            100 * (1 - u.doubleValue())) : "");
            s.put("before", "../" + folder + "/synapses-before-pruning.png");
            s.put("after", "../" + folder + "/synapses-after-pruning.png");
            s.put("id", "syn-" + out.size());
            out.add(s);
        }
        return out;
    }
}
