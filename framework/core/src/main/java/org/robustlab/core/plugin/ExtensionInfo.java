package org.robustlab.core.plugin;

import java.nio.file.Path;
import org.robustlab.api.StudyExtension;

/**
 * One extension contributed by a plugin.
 *
 * @param kind           its extension point
 * @param name           the DSL keyword
 * @param description    one sentence
 * @param pluginId       the contributing plugin's id
 * @param pluginVersion  that plugin's version
 * @param source         the plugin jar (or folder), null for classes registered directly
 * @param type           the extension class
 */
public record ExtensionInfo(ExtensionKind kind, String name, String description, String pluginId,
                            String pluginVersion, Path source, Class<? extends StudyExtension> type) {
    /** {@code plugin-id:name}, the form that picks one extension when names clash. */
    public String qualifiedName() {
        return pluginId + ":" + name;
    }
}
