package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.Json;

/**
 * {@code study.json}: status, provenance (script, environment, plugins, data), and one typed entry per model,
 * attack and analysis. The runner fills it step by step and writes it after every step; the site reads it back.
 * Mutable while a run fills it (entries are immutable records, replaced when a later step adds to them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "status", "started", "finished", "seconds", "pid", "seed", "dataType", "script",
        "environment", "plugins", "data", "failures", "warnings", "stepsReused", "stepsComputed", "runs", "models",
        "attacks", "analyses"})
public final class StudyManifest {
    public static final String FILE = "study.json";

    public String name;
    /** {@code running}, {@code complete}, {@code failed} or {@code interrupted} (StudyStatus). */
    public String status;
    public String started;
    public String finished;
    public Double seconds;
    public Long pid;
    public Long seed;
    public String dataType;
    public ScriptRecord script;
    public Map<String, Object> environment;
    public List<Map<String, Object>> plugins;
    /** The data's description, image counts and file checksums. */
    public Map<String, Object> data;
    public List<String> failures = new ArrayList<>();
    public List<String> warnings = new ArrayList<>();
    public Integer stepsReused;
    public Integer stepsComputed;
    /** Every run into this folder, oldest first, the current one last (a study resumed after a kill has several). */
    public List<RunRecord> runs = new ArrayList<>();
    public List<ModelEntry> models = new ArrayList<>();
    public List<AttackEntry> attacks = new ArrayList<>();
    public List<AnalysisEntry> analyses = new ArrayList<>();

    /** Reads {@code study.json} of a study folder; a clear error names the file when it is missing or unreadable. */
    public static StudyManifest read(Path studyDir) {
        Path file = studyDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new RobustlabException(studyDir + " has no " + FILE + "; give the output folder of a study run");
        }
        try {
            StudyManifest m = Json.MAPPER.readValue(file.toFile(), StudyManifest.class);
            m.failures = m.failures == null ? new ArrayList<>() : new ArrayList<>(m.failures);
            m.warnings = m.warnings == null ? new ArrayList<>() : new ArrayList<>(m.warnings);
            m.models = m.models == null ? new ArrayList<>() : new ArrayList<>(m.models);
            m.attacks = m.attacks == null ? new ArrayList<>() : new ArrayList<>(m.attacks);
            m.analyses = m.analyses == null ? new ArrayList<>() : new ArrayList<>(m.analyses);
            m.runs = m.runs == null ? new ArrayList<>() : new ArrayList<>(m.runs);
            return m;
        } catch (IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new RobustlabException(file + " is unreadable (" + why + "); run the study again to rewrite it", e);
        }
    }

    /** The model entry of that name, or null. */
    public ModelEntry model(String modelName) {
        return models.stream().filter(m -> m.name().equals(modelName)).findFirst().orElse(null);
    }

    /** Replaces the model entry of that name by {@code change} applied to it. */
    public void updateModel(String modelName, UnaryOperator<ModelEntry> change) {
        models.replaceAll(m -> m.name().equals(modelName) ? change.apply(m) : m);
    }
}
