package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyExtension;
import org.robustlab.core.params.Params;
import org.robustlab.core.plugin.ExtensionInfo;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.results.manifest.ExtensionRecord;

/**
 * A fresh extension instance with its parameters bound.
 *
 * @param info      where it came from
 * @param instance  the configured extension
 * @param ref       the script reference it was made from
 * @param settings  the host's settings bound from the same reference (an attack's {@code SweepSettings}), or null
 */
public record Configured<T extends StudyExtension>(ExtensionInfo info, T instance, ComponentRef ref, Object settings) {

    /**
     * Finds, creates and configures the extension {@code ref} names.
     *
     * @param settings a fresh object with {@code @Param} fields for the host's own keys on this reference (e.g. an
     *                 attack's ε grid), bound and validated together with the extension's parameters; or null
     * @throws RobustlabException prefixed with the reference's source location
     */
    @SuppressWarnings("unchecked")
    public static <T extends StudyExtension> Configured<T> of(ExtensionRegistry registry, ExtensionKind kind,
                                                             ComponentRef ref, Object settings) {
        try {
            ExtensionInfo info = registry.find(kind, ref.name());
            StudyExtension instance = registry.create(info);
            Map<String, Object> args = new LinkedHashMap<>(ref.args());
            Params.bind(settings == null ? java.util.List.of(instance) : java.util.List.of(instance, settings),
                    kind.word() + " '" + info.name() + "'", args, ref.positional());
            return new Configured<>(info, (T) instance, ref, settings);
        } catch (RobustlabException e) {
            throw new RobustlabException(ref.prefix() + e.getMessage(), e.getCause());
        }
    }

    /** Name, plugin and parameter values, for provenance. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", info.name());
        m.put("class", info.type().getName());
        m.put("plugin", info.pluginId());
        m.put("pluginVersion", info.pluginVersion());
        m.put("params", Params.describe(instance));
        return m;
    }

    /** {@link #describe()} as the manifest's typed record. */
    public ExtensionRecord record() {
        return new ExtensionRecord(info.name(), info.type().getName(), info.pluginId(), info.pluginVersion(),
                Params.describe(instance));
    }
}
