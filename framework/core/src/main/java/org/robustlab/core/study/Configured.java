package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyExtension;
import org.robustlab.core.params.Params;
import org.robustlab.core.plugin.ExtensionInfo;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;

/**
 * A fresh extension instance with its parameters bound.
 *
 * @param info      where it came from
 * @param instance  the configured extension
 * @param ref       the script reference it was made from
 */
public record Configured<T extends StudyExtension>(ExtensionInfo info, T instance, ComponentRef ref) {

    /**
     * Finds, creates and configures the extension {@code ref} names.
     *
     * @param extra host-level keys removed from the arguments before binding (e.g. sweep settings)
     * @throws RobustlabException prefixed with the reference's source location
     */
    @SuppressWarnings("unchecked")
    public static <T extends StudyExtension> Configured<T> of(ExtensionRegistry registry, ExtensionKind kind,
                                                             ComponentRef ref, java.util.Set<String> extra) {
        try {
            ExtensionInfo info = registry.find(kind, ref.name());
            StudyExtension instance = registry.create(info);
            Map<String, Object> args = new LinkedHashMap<>(ref.args());
            args.keySet().removeAll(extra);
            Params.bind(instance, kind.word() + " '" + info.name() + "'", args, ref.positional());
            return new Configured<>(info, (T) instance, ref);
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
}
