package org.robustlab.core.results;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustlab.core.results.manifest.AnalysisEntry;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * The compute a study's results cost, summed over every run that contributed (a resumed study's runs each add their
 * epochs and steps): per model the seconds of its recorded epochs ({@code history} in model.json, and any other list
 * of epoch records there such as KH's {@code khHistory}), per attack, indicator check and analysis its recorded
 * {@code seconds}. Steps recorded without seconds (results of versions before 2026-11-30) count as unknown.
 */
public final class ComputeTime {
    private ComputeTime() {
    }

    /** One row: what, and its seconds (NaN: not recorded). */
    public record Part(String step, double seconds) {
    }

    @SuppressWarnings("unchecked")
    public static List<Part> of(Path study) {
        StudyManifest m = StudyManifest.read(study);
        List<Part> parts = new ArrayList<>();
        for (ModelEntry e : m.models) {
            Path json = study.resolve(e.folder() == null ? "models/" + e.name() : e.folder()).resolve("model.json");
            if (!Files.isRegularFile(json)) {
                continue;
            }
            for (Map.Entry<String, Object> f : Json.readMap(json).entrySet()) {
                if (f.getValue() instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> first
                        && first.containsKey("epoch") && first.containsKey("seconds")) {
                    double s = 0;
                    for (Object r : list) {
                        s += ((Number) ((Map<String, Object>) r).get("seconds")).doubleValue();
                    }
                    parts.add(new Part("train " + e.name() + " (" + f.getKey() + ", " + list.size() + " epochs)", s));
                }
            }
        }
        for (AttackEntry a : m.attacks) {
            parts.add(new Part("attack " + a.label() + " on " + a.model(), seconds(a.seconds())));
            if (a.indicators() != null) {
                parts.add(new Part("indicators " + a.label() + " on " + a.model(), seconds(a.indicators().seconds())));
            }
        }
        for (AnalysisEntry a : m.analyses) {
            parts.add(new Part("analysis " + a.name(), seconds(a.seconds())));
        }
        return parts;
    }

    private static double seconds(Double s) {
        return s == null ? Double.NaN : s;
    }
}
