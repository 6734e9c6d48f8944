package org.robustlab.core.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps (clean evaluations, attacks, analyses) an earlier run into the same folder finished,
 * by content key: the key covers the model keys, the plugin id and version, the parameters, the
 * data checksums, the seed and the number type, so a step whose key is found has nothing new to
 * compute. Entries that recorded an error, or whose files are gone, are not offered.
 */
final class FinishedSteps {
    static final FinishedSteps NONE = new FinishedSteps(Map.of());
    private final Map<String, Map<String, Object>> byKey;

    private FinishedSteps(Map<String, Map<String, Object>> byKey) {
        this.byKey = byKey;
    }

    /** The finished steps recorded in a previous manifest ({@code study.json}). */
    @SuppressWarnings("unchecked")
    static FinishedSteps of(Map<String, Object> previous) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        for (String section : List.of("models", "attacks", "analyses")) {
            if (previous.get(section) instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Map<?, ?> m && m.get("stepKey") instanceof String k && !m.containsKey("error")) {
                        found.put(k, (Map<String, Object>) m);
                    }
                }
            }
        }
        return new FinishedSteps(found);
    }

    /**
     * The earlier entry of the step with this key when every file it names still exists below
     * {@code root}; else null.
     */
    Map<String, Object> find(String key, Path root, List<String> fileKeys) {
        Map<String, Object> e = byKey.get(key);
        if (e == null) {
            return null;
        }
        for (String f : fileKeys) {
            Object rel = e.get(f);
            if (rel instanceof Map<?, ?> m) {
                rel = m.get("file");
            }
            if (rel instanceof String s && !Files.isRegularFile(root.resolve(s))) {
                return null;
            }
        }
        return new LinkedHashMap<>(e);
    }
}
