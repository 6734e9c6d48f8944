package org.robustlab.core.plugin;

import java.nio.file.Path;

/**
 * A plugin that could not be (fully) used; the others keep working.
 *
 * @param file      the jar or folder
 * @param pluginId  its id when the descriptor could be read, else null
 * @param reason    what was wrong, in words a user can act on
 */
public record PluginProblem(Path file, String pluginId, String reason) {
    @Override
    public String toString() {
        return file.getFileName() + (pluginId == null ? "" : " (plugin '" + pluginId + "')") + ": " + reason;
    }
}
