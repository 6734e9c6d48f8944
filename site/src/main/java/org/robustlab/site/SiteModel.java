package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;

/** Turns {@code study.json} and the result files into the template's view model. */
final class SiteModel {
    private SiteModel() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> build(Path dir, Map<String, Object> study) {
        return build(dir, study, new ArrayList<>());
    }

    /**
     * The view model; a section whose files are missing or unreadable is left out and named in {@code skipped}
     * (file and reason) instead of failing the whole site.
     */
    static Map<String, Object> build(Path dir, Map<String, Object> study, List<String> skipped) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", study.get("name"));
        v.put("status", study.get("status"));
        v.put("seed", study.get("seed"));
        v.put("started", study.get("started"));
        v.put("seconds", study.get("seconds") == null ? "" : String.format("%.1f s", ((Number) study.get("seconds")).doubleValue()));
        List<Map<String, Object>> models = (List<Map<String, Object>>) study.getOrDefault("models", List.of());
        v.put("modelTable", modelTable(models));
        v.put("hasModels", !models.isEmpty());
        Map<String, Object> plots = new LinkedHashMap<>();
        plots.put("training", training(dir, models, skipped));
        List<Map<String, Object>> attacks = attacks(dir, (List<Map<String, Object>>) study.getOrDefault("attacks", List.of()),
                skipped);
        plots.put("robustness", attacks);
        v.put("hasRobustness", !attacks.isEmpty());
        List<Map<String, Object>> robustnessPlots = new ArrayList<>();
        for (int i = 0; i < attacks.size(); i++) {
            attacks.get(i).put("id", "rob-" + i); // ids never derive from user text
            robustnessPlots.add(Map.of("id", "rob-" + i, "label", attacks.get(i).get("label")));
        }
        v.put("robustnessPlots", robustnessPlots);
        List<Map<String, Object>> indicators = indicatorRows(dir,
                (List<Map<String, Object>>) study.getOrDefault("attacks", List.of()), skipped);
        v.put("indicatorRows", indicators);
        v.put("hasIndicators", !indicators.isEmpty());
        Map<String, Object> spectra = section(skipped, "spectra", () -> AnalysisViews.spectra(dir), null);
        plots.put("spectra", spectra);
        v.put("hasSpectra", spectra != null);
        List<Map<String, Object>> fitTable = section(skipped, "power-law fits", () -> AnalysisViews.fitTable(dir), List.of());
        v.put("fitTable", fitTable);
        v.put("hasFits", !fitTable.isEmpty());
        Map<String, Object> landscape = section(skipped, "landscape", () -> AnalysisViews.landscape(dir), null);
        plots.put("landscape", landscape);
        v.put("hasLandscape", landscape != null);
        v.put("landscapeInfo", landscape == null ? null : Map.of("image", landscape.get("image"), "className", landscape.get("className")));
        Map<String, Object> stir = section(skipped, "STIR", () -> AnalysisViews.stir(dir), null);
        Map<String, Object> cka = section(skipped, "CKA", () -> AnalysisViews.cka(dir), null);
        plots.put("stir", stir);
        plots.put("cka", cka);
        v.put("hasSimilarity", stir != null || cka != null);
        v.put("hasStir", stir != null);
        v.put("hasCka", cka != null);
        v.put("inversion", stir == null ? List.of() : stir.get("inversion"));
        List<Map<String, Object>> evaluations = section(skipped, "evaluations", () -> AnalysisViews.evaluations(dir, models),
                List.of());
        plots.put("confusion", evaluations.stream().map(e -> Map.of("model", e.get("model"),
                "confusion", Objects.requireNonNullElse(e.get("confusion"), Map.of()))).toList());
        v.put("evaluations", evaluations);
        v.put("hasEvaluations", !evaluations.isEmpty());
        v.put("confusionPlots", java.util.stream.IntStream.range(0, evaluations.size()).mapToObj(i -> Map.of("id", "confusion-" + i)).toList());
        List<Map<String, Object>> synapses = section(skipped, "synapses", () -> AnalysisViews.synapses(dir, models), List.of());
        plots.put("synapses", synapses);
        v.put("synapses", synapses);
        v.put("hasSynapses", !synapses.isEmpty());
        v.put("plots", plots);
        List<Map<String, Object>> claims = section(skipped, "claims", () -> claims(dir), List.of());
        v.put("claims", claims);
        v.put("hasClaims", !claims.isEmpty());
        v.put("warnings", study.getOrDefault("warnings", List.of()));
        v.put("hasWarnings", !((List<?>) study.getOrDefault("warnings", List.of())).isEmpty());
        v.put("skipped", skipped);
        v.put("failures", study.getOrDefault("failures", List.of()));
        v.put("hasFailures", !((List<?>) study.getOrDefault("failures", List.of())).isEmpty());
        Map<String, Object> script = (Map<String, Object>) study.getOrDefault("script", Map.of());
        v.put("scriptName", script.get("name"));
        v.put("scriptText", script.get("text"));
        v.put("environment", entries((Map<String, Object>) study.getOrDefault("environment", Map.of())));
        v.put("plugins", study.getOrDefault("plugins", List.of()));
        Map<String, Object> data = (Map<String, Object>) study.getOrDefault("data", Map.of());
        v.put("data", entries(data));
        return v;
    }

    /** Rows of analyses/compare/claims.json: each claim with its verdict and links (difference and CI). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> claims(Path dir) {
        Path f = dir.resolve("analyses/compare/claims.json");
        if (!Files.exists(f)) {
            return List.of();
        }
        Map<String, Object> json = Json.readMap(f);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) json.getOrDefault("claims", List.of())) {
            List<Map<String, Object>> links = new ArrayList<>();
            for (Map<String, Object> l : (List<Map<String, Object>>) c.getOrDefault("links", List.of())) {
                links.add(Map.of("link", String.valueOf(l.get("link")), "verdict", String.valueOf(l.get("verdict")),
                        "difference", fmt(l.get("difference")), "ci", "[" + fmt(l.get("ciLow")) + ", " + fmt(l.get("ciHigh")) + "]"));
            }
            out.add(Map.of("claim", String.valueOf(c.get("claim")), "metric", String.valueOf(c.get("metric")),
                    "verdict", String.valueOf(c.get("verdict")), "links", links,
                    "level", String.format(java.util.Locale.ROOT, "%.0f%%", 100 * ((Number) json.getOrDefault("confidence", 0.95)).doubleValue())));
        }
        return out;
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(java.util.Locale.ROOT, "%.4g", n.doubleValue()) : String.valueOf(v);
    }

    /** {@code build.get()}, or {@code fallback} with the reason added to {@code skipped}. */
    static <T> T section(List<String> skipped, String what, java.util.function.Supplier<T> build, T fallback) {
        try {
            return build.get();
        } catch (RuntimeException e) {
            skipped.add(what + ": " + reason(e));
            return fallback;
        }
    }

    /** An exception's message with its causes' (they name the file and the parser's complaint). */
    static String reason(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 400; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            if (b.indexOf(m) < 0) {
                b.append(b.length() == 0 ? "" : ": ").append(m);
            }
        }
        return b.toString();
    }

    private static List<Map<String, Object>> entries(Map<String, Object> m) {
        List<Map<String, Object>> out = new ArrayList<>();
        m.forEach((k, val) -> out.add(Map.of("key", k, "value", val instanceof Map || val instanceof List
                ? new String(Json.bytes(val), java.nio.charset.StandardCharsets.UTF_8) : String.valueOf(val))));
        return out;
    }

    /** Rows of model name, encoder, parameters that differ between models, and clean accuracy. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> modelTable(List<Map<String, Object>> models) {
        List<Map<String, Object>> flat = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Object> m : models) {
            Map<String, Object> p = new LinkedHashMap<>();
            Map<String, Object> enc = (Map<String, Object>) m.getOrDefault("encoder", Map.of());
            ((Map<String, Object>) enc.getOrDefault("params", Map.of())).forEach((k, val) -> p.put(enc.get("name") + "." + k, val));
            for (Map<String, Object> r : (List<Map<String, Object>>) m.getOrDefault("regularizers", List.of())) {
                ((Map<String, Object>) r.getOrDefault("params", Map.of())).forEach((k, val) -> p.put(r.get("name") + "." + k, val));
            }
            flat.add(p);
            keys.addAll(p.keySet());
        }
        List<String> differing = keys.stream().filter(k -> flat.stream().map(p -> String.valueOf(p.get(k))).distinct().count() > 1
                || models.size() == 1).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            Map<String, Object> m = models.get(i);
            Map<String, Object> enc = (Map<String, Object>) m.getOrDefault("encoder", Map.of());
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String k : differing) {
                cells.add(Map.of("value", flat.get(i).containsKey(k) ? String.valueOf(flat.get(i).get(k)) : "–"));
            }
            Object acc = m.get("cleanAccuracy");
            List<String> regs = ((List<Map<String, Object>>) m.getOrDefault("regularizers", List.of())).stream()
                    .map(r -> String.valueOf(r.get("name"))).toList();
            rows.add(Map.of("name", m.get("name"), "encoder", String.valueOf(enc.get("name")),
                    "regularizers", regs.isEmpty() ? "–" : String.join(", ", regs), "cells", cells,
                    "accuracy", acc == null ? (m.containsKey("error") ? "failed" : "–") : String.format("%.4f", ((Number) acc).doubleValue()),
                    "error", Objects.toString(m.get("error"), ""), "cached", Boolean.TRUE.equals(m.get("cached"))));
        }
        return Map.of("headers", differing, "rows", rows);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> training(Path dir, List<Map<String, Object>> models, List<String> skipped) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Map<String, Object> m : models) {
            Path f = dir.resolve(AnalysisViews.modelFolder(m) + "/model.json");
            if (!Files.exists(f)) {
                if (!m.containsKey("error")) {
                    skipped.add("training curve of model '" + m.get("name") + "': " + f + " is missing");
                }
                continue;
            }
            Map<String, Object> one = section(skipped, "training curve of model '" + m.get("name") + "'", () -> {
                List<Map<String, Object>> history = (List<Map<String, Object>>) Json.readMap(f).getOrDefault("history", List.of());
                return Map.of("model", m.get("name"),
                        "epoch", history.stream().map(h -> h.get("epoch")).toList(),
                        "loss", history.stream().map(h -> h.get("loss")).toList(),
                        "accuracy", history.stream().map(h -> h.get("trainAccuracy")).toList());
            }, null);
            if (one != null) {
                series.add(one);
            }
        }
        return series;
    }

    /** The indicators of attack failure, one row per model and attack, from each attack's diagnostics file. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> indicatorRows(Path dir, List<Map<String, Object>> entries, List<String> skipped) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> e : entries) {
            if (!(e.get("indicators") instanceof Map<?, ?> ind) || !(ind.get("file") instanceof String file)) {
                continue;
            }
            Map<String, Object> row = section(skipped, "indicators of attack '" + e.get("label") + "' on model '"
                    + e.get("model") + "'", () -> {
                Map<String, Object> d = Json.readMap(dir.resolve(file));
                Map<String, Object> all = (Map<String, Object>) d.get("indicators");
                List<Map<String, Object>> cells = new ArrayList<>();
                for (String name : INDICATORS) {
                    Map<String, Object> one = (Map<String, Object>) all.getOrDefault(name, Map.of("status", "not applicable"));
                    String status = String.valueOf(one.get("status"));
                    cells.add(Map.of("status", status, "fired", "fired".equals(status),
                            "mark", switch (status) {
                                case "fired" -> "fired";
                                case "passed" -> "passed";
                                default -> "n/a";
                            }, "title", String.valueOf(one.getOrDefault("reason", one.toString()))));
                }
                List<?> fired = (List<?>) d.getOrDefault("fired", List.of());
                return Map.of("model", String.valueOf(e.get("model")), "attack", String.valueOf(e.get("label")),
                        "cells", cells, "anyFired", !fired.isEmpty(), "file", file);
            }, null);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    static final List<String> INDICATORS = List.of("unboundedSuccess", "ordering", "gradients", "nonConverged", "transfer");

    private static List<Map<String, Object>> attacks(Path dir, List<Map<String, Object>> entries, List<String> skipped) {
        Map<String, Map<String, Object>> byLabel = new LinkedHashMap<>();
        for (Map<String, Object> e : entries) {
            if (e.get("csv") == null) {
                continue;
            }
            try {
                List<double[]> rows = csv(dir.resolve(String.valueOf(e.get("csv"))));
                List<List<String>> crit = e.get("criticalCsv") != null && Files.exists(dir.resolve(String.valueOf(e.get("criticalCsv"))))
                        ? CsvTables.rows(dir.resolve(String.valueOf(e.get("criticalCsv")))) : null;
                addAttack(byLabel, e, rows, crit);
            } catch (RuntimeException ex) {
                skipped.add("attack '" + e.get("label") + "' on model '" + e.get("model") + "' (" + e.get("csv") + "): " + reason(ex));
            }
        }
        return new ArrayList<>(byLabel.values());
    }

    private static void addAttack(Map<String, Map<String, Object>> byLabel, Map<String, Object> e, List<double[]> rows,
                                  List<List<String>> crit) {
        Map<String, Object> plot = byLabel.computeIfAbsent(String.valueOf(e.get("label")), l -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("label", l);
            p.put("norm", e.get("norm"));
            p.put("series", new ArrayList<Map<String, Object>>());
            return p;
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) plot.get("series");
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("model", e.get("model"));
        one.put("epsilon", rows.stream().map(r -> r[0]).toList());
        one.put("relative", rows.stream().map(r -> r[1]).toList());
        one.put("robust", rows.stream().map(r -> r[2]).toList());
        if (crit != null) {
            // columns: index,label,critical_epsilon,critical_distance,censored
            one.put("distances", crit.stream().filter(c -> c.get(4).equals("false")).map(c -> Double.parseDouble(c.get(3))).toList());
            one.put("censored", crit.stream().filter(c -> c.get(4).equals("true")).count());
        }
        series.add(one);
    }

    private static List<double[]> csv(Path file) {
        return CsvTables.rows(file).stream().map(r -> r.stream().mapToDouble(Double::parseDouble).toArray()).toList();
    }
}
