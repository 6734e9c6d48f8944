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
import java.util.Locale;
import org.robustlab.api.SiteView;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.results.manifest.ExtensionRecord;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;

/** Turns {@code study.json} ({@link StudyManifest}) and the result files into the template's view model. */
final class SiteModel {
    private SiteModel() {
    }

    /**
     * The view model; a section whose files are missing or unreadable is left out and named in {@code skipped}
     * (file and reason) instead of failing the whole site. Plugins' sections come from the views they declared.
     */
    static Map<String, Object> build(Path dir, StudyManifest study, List<String> skipped) {
        Map<String, Object> v = new LinkedHashMap<>();
        DeclaredViews views = DeclaredViews.of(study);
        skipped.addAll(views.notShown());
        v.put("name", study.name);
        v.put("status", study.status);
        v.put("seed", study.seed);
        v.put("started", study.started);
        v.put("seconds", study.seconds == null ? "" : String.format(Locale.ROOT, "%.1f s", study.seconds));
        List<ModelEntry> models = study.models;
        v.put("modelTable", modelTable(models));
        v.put("hasModels", !models.isEmpty());
        Map<String, Object> plots = new LinkedHashMap<>();
        plots.put("training", training(dir, models, skipped));
        List<Map<String, Object>> attacks = attacks(dir, study.attacks, skipped);
        plots.put("robustness", attacks);
        v.put("hasRobustness", !attacks.isEmpty());
        List<Map<String, Object>> robustnessPlots = new ArrayList<>();
        for (int i = 0; i < attacks.size(); i++) {
            attacks.get(i).put("id", "rob-" + i); // ids never derive from user text
            robustnessPlots.add(Map.of("id", "rob-" + i, "label", attacks.get(i).get("label")));
        }
        v.put("robustnessPlots", robustnessPlots);
        List<Map<String, Object>> indicators = indicatorRows(dir, study.attacks, skipped);
        v.put("indicatorRows", indicators);
        v.put("hasIndicators", !indicators.isEmpty());
        DeclaredViews.Owned fitsView = views.first(SiteView.POWER_LAW_FITS);
        DeclaredViews.Owned spectraView = views.first(SiteView.SPECTRA);
        Map<String, Object> spectra = spectraView == null ? null : section(skipped, "spectra (" + spectraView.file() + ")",
                () -> AnalysisViews.spectra(dir.resolve(spectraView.file()), fitsView == null ? null : dir.resolve(fitsView.file())),
                null);
        plots.put("spectra", spectra);
        v.put("hasSpectra", spectra != null);
        List<Map<String, Object>> fitTable = fitsView == null ? List.of() : section(skipped, "power-law fits (" + fitsView.file()
                + ")", () -> AnalysisViews.fitTable(dir.resolve(fitsView.file())), List.of());
        v.put("fitTable", fitTable);
        v.put("hasFits", !fitTable.isEmpty());
        DeclaredViews.Owned landscapeView = views.first(SiteView.LANDSCAPE);
        Map<String, Object> landscape = landscapeView == null ? null : section(skipped, "landscape (" + landscapeView.file() + ")",
                () -> AnalysisViews.landscape(dir, landscapeView.file()), null);
        plots.put("landscape", landscape);
        v.put("hasLandscape", landscape != null);
        v.put("landscapeFile", landscape == null ? null : landscapeView.file());
        v.put("landscapeInfo", landscape == null ? null : Map.of("image", landscape.get("image"), "className", landscape.get("className")));
        Map<String, Object> stir = json(dir, views.first(SiteView.STIR), "STIR", skipped);
        Map<String, Object> cka = json(dir, views.first(SiteView.CKA), "CKA", skipped);
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
        List<Map<String, Object>> synapses = section(skipped, "synapses",
                () -> AnalysisViews.synapses(dir, views.ofKind(SiteView.SYNAPSES)), List.of());
        plots.put("synapses", synapses);
        v.put("synapses", synapses);
        v.put("hasSynapses", !synapses.isEmpty());
        List<Map<String, Object>> generic = new ArrayList<>();
        for (DeclaredViews.Owned o : views.all()) {
            if (DeclaredViews.GENERIC.contains(o.view().kind())) {
                int index = generic.size();
                Map<String, Object> one = section(skipped, "view '" + o.view().title() + "' of " + o.owner() + " ("
                        + String.join(", ", o.view().files()) + ")", () -> AnalysisViews.generic(dir, o, index), null);
                if (one != null) {
                    generic.add(one);
                }
            }
        }
        plots.put("views", generic.stream().filter(g -> g.containsKey("plot")).map(g -> g.get("plot")).toList());
        v.put("views", generic);
        v.put("hasViews", !generic.isEmpty());
        v.put("plots", plots);
        DeclaredViews.Owned claimsView = views.first(SiteView.CLAIMS);
        List<Map<String, Object>> claims = claimsView == null ? List.of()
                : section(skipped, "claims (" + claimsView.file() + ")", () -> claims(dir.resolve(claimsView.file())), List.of());
        v.put("claims", claims);
        v.put("hasClaims", !claims.isEmpty());
        v.put("warnings", study.warnings);
        v.put("hasWarnings", !study.warnings.isEmpty());
        v.put("skipped", skipped);
        v.put("failures", study.failures);
        v.put("hasFailures", !study.failures.isEmpty());
        v.put("scriptName", study.script == null ? null : study.script.name());
        v.put("scriptText", study.script == null ? null : study.script.text());
        v.put("environment", entries(Objects.requireNonNullElse(study.environment, Map.of())));
        v.put("plugins", Objects.requireNonNullElse(study.plugins, List.of()));
        v.put("data", entries(Objects.requireNonNullElse(study.data, Map.of())));
        return v;
    }

    /** A JSON view's file, or null (no view, or unreadable: then named in {@code skipped}). */
    private static Map<String, Object> json(Path dir, DeclaredViews.Owned view, String what, List<String> skipped) {
        return view == null ? null : section(skipped, what + " (" + view.file() + ")", () -> Json.readMap(dir.resolve(view.file())), null);
    }

    /** Rows of a claims file ({@code claims.json}): each claim with its verdict and links (difference and CI). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> claims(Path f) {
        Map<String, Object> json = Json.readMap(f);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) json.getOrDefault("claims", List.of())) {
            List<Map<String, Object>> links = new ArrayList<>();
            for (Map<String, Object> l : (List<Map<String, Object>>) c.getOrDefault("links", List.of())) {
                // a band claim's "difference" is the model's own value (its interval beside it)
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
    static Map<String, Object> modelTable(List<ModelEntry> models) {
        List<Map<String, Object>> flat = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (ModelEntry m : models) {
            Map<String, Object> p = new LinkedHashMap<>();
            if (m.encoder() != null && m.encoder().params() != null) {
                m.encoder().params().forEach((k, val) -> p.put(m.encoder().name() + "." + k, val));
            }
            for (ExtensionRecord r : Objects.requireNonNullElse(m.regularizers(), List.<ExtensionRecord>of())) {
                Objects.requireNonNullElse(r.params(), Map.<String, Object>of()).forEach((k, val) -> p.put(r.name() + "." + k, val));
            }
            flat.add(p);
            keys.addAll(p.keySet());
        }
        List<String> differing = keys.stream().filter(k -> flat.stream().map(p -> String.valueOf(p.get(k))).distinct().count() > 1
                || models.size() == 1).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < models.size(); i++) {
            ModelEntry m = models.get(i);
            List<Map<String, Object>> cells = new ArrayList<>();
            for (String k : differing) {
                cells.add(Map.of("value", flat.get(i).containsKey(k) ? String.valueOf(flat.get(i).get(k)) : "–"));
            }
            List<String> regs = Objects.requireNonNullElse(m.regularizers(), List.<ExtensionRecord>of()).stream()
                    .map(ExtensionRecord::name).toList();
            rows.add(Map.of("name", m.name(), "encoder", m.encoder() == null ? "–" : String.valueOf(m.encoder().name()),
                    "regularizers", regs.isEmpty() ? "–" : String.join(", ", regs), "cells", cells,
                    "accuracy", m.cleanAccuracy() == null ? (m.error() != null ? "failed" : "–")
                            : String.format(Locale.ROOT, "%.4f", m.cleanAccuracy()),
                    "error", Objects.toString(m.error(), ""), "cached", Boolean.TRUE.equals(m.cached())));
        }
        return Map.of("headers", differing, "rows", rows);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> training(Path dir, List<ModelEntry> models, List<String> skipped) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (ModelEntry m : models) {
            String folder = m.folder() != null ? m.folder() : ModelStore.relativeFolder(m.name());
            Path f = dir.resolve(folder + "/model.json");
            if (!Files.exists(f)) {
                if (m.error() == null) {
                    skipped.add("training curve of model '" + m.name() + "': " + f + " is missing");
                }
                continue;
            }
            Map<String, Object> one = section(skipped, "training curve of model '" + m.name() + "'", () -> {
                List<Map<String, Object>> history = (List<Map<String, Object>>) Json.readMap(f).getOrDefault("history", List.of());
                return Map.of("model", m.name(),
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
    static List<Map<String, Object>> indicatorRows(Path dir, List<AttackEntry> entries, List<String> skipped) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AttackEntry e : entries) {
            if (e.indicators() == null || e.indicators().file() == null) {
                continue;
            }
            String file = e.indicators().file();
            Map<String, Object> row = section(skipped, "indicators of attack '" + e.label() + "' on model '"
                    + e.model() + "'", () -> {
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
                return Map.of("model", e.model(), "attack", e.label(),
                        "cells", cells, "anyFired", !fired.isEmpty(), "file", file);
            }, null);
            if (row != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    static final List<String> INDICATORS = List.of("unboundedSuccess", "ordering", "gradients", "nonConverged", "transfer");

    private static List<Map<String, Object>> attacks(Path dir, List<AttackEntry> entries, List<String> skipped) {
        Map<String, Map<String, Object>> byLabel = new LinkedHashMap<>();
        for (AttackEntry e : entries) {
            if (e.csv() == null) {
                continue;
            }
            try {
                List<double[]> rows = csv(dir.resolve(e.csv()));
                List<List<String>> crit = e.criticalCsv() != null && Files.exists(dir.resolve(e.criticalCsv()))
                        ? CsvTables.rows(dir.resolve(e.criticalCsv())) : null;
                addAttack(byLabel, e, rows, crit);
            } catch (RuntimeException ex) {
                skipped.add("attack '" + e.label() + "' on model '" + e.model() + "' (" + e.csv() + "): " + reason(ex));
            }
        }
        return new ArrayList<>(byLabel.values());
    }

    private static void addAttack(Map<String, Map<String, Object>> byLabel, AttackEntry e, List<double[]> rows,
                                  List<List<String>> crit) {
        Map<String, Object> plot = byLabel.computeIfAbsent(e.label(), l -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("label", l);
            p.put("norm", e.norm());
            p.put("series", new ArrayList<Map<String, Object>>());
            return p;
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) plot.get("series");
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("model", e.model());
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
