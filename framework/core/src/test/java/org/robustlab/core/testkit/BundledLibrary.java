package org.robustlab.core.testkit;

/**
 * Stands for a third-party library that both the host and a plugin carry, in different versions:
 * the plugin's copy (compiled in {@code PluginHostTest}) answers "plugin".
 */
public final class BundledLibrary {
    private BundledLibrary() {
    }

    public static String version() {
        return "host";
    }
}
