package org.robustlab.core.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.robustlab.core.results.manifest.AnalysisEntry;
import org.robustlab.core.results.manifest.AttackEntry;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * The steps (clean evaluations, attacks, analyses) an earlier run into the same folder finished,
 * by content key: the key covers the model keys, the plugin id and version, the parameters, the
 * data checksums, the seed and the number type, so a step whose key is found has nothing new to
 * compute. Entries that recorded an error, or whose files are gone, are not offered.
 */
final class FinishedSteps {
    static final FinishedSteps NONE = new FinishedSteps(Map.of(), Map.of(), Map.of());
    private final Map<String, ModelEntry> evaluations;
    private final Map<String, AttackEntry> attacks;
    private final Map<String, AnalysisEntry> analyses;

    private FinishedSteps(Map<String, ModelEntry> evaluations, Map<String, AttackEntry> attacks,
                          Map<String, AnalysisEntry> analyses) {
        this.evaluations = evaluations;
        this.attacks = attacks;
        this.analyses = analyses;
    }

    /** The finished steps recorded in a previous manifest ({@code study.json}); none when there is none. */
    static FinishedSteps of(StudyManifest previous) {
        if (previous == null) {
            return NONE;
        }
        Map<String, ModelEntry> evaluations = new HashMap<>();
        previous.models.stream().filter(m -> m.stepKey() != null && m.error() == null && m.cleanAccuracy() != null)
                .forEach(m -> evaluations.put(m.stepKey(), m));
        Map<String, AttackEntry> attacks = new HashMap<>();
        previous.attacks.stream().filter(a -> a.stepKey() != null && a.error() == null).forEach(a -> attacks.put(a.stepKey(), a));
        Map<String, AnalysisEntry> analyses = new HashMap<>();
        previous.analyses.stream().filter(a -> a.stepKey() != null && a.error() == null).forEach(a -> analyses.put(a.stepKey(), a));
        return new FinishedSteps(evaluations, attacks, analyses);
    }

    /**
     * The earlier clean evaluation with this key when its predictions file and metrics file (if any) still exist below
     * {@code root} (an evaluation recorded without per-image predictions is done again: it is cheap).
     */
    ModelEntry evaluation(String key, Path root) {
        ModelEntry e = evaluations.get(key);
        return e != null && e.predictions() != null && exists(root, e.predictions().file())
                && (e.metrics() == null || exists(root, e.metrics().file())) ? e : null;
    }

    /** The earlier attack with this key when both its CSVs still exist below {@code root}. */
    AttackEntry attack(String key, Path root) {
        AttackEntry e = attacks.get(key);
        return e != null && e.finished() && exists(root, e.csv()) && exists(root, e.criticalCsv()) ? e : null;
    }

    /** The earlier analysis with this key (its files are checked against the views the analyzer declares now). */
    AnalysisEntry analysis(String key) {
        return analyses.get(key);
    }

    private static boolean exists(Path root, String file) {
        return file != null && Files.isRegularFile(root.resolve(file));
    }
}
