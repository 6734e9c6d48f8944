package org.robustlab.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.plugin.PluginProblem;
import picocli.CommandLine.Option;

/** Options shared by commands that load plugins. */
final class HostOptions {
    /** System property set by the launcher: the distribution folder holding lib/ and plugins/. */
    static final String DIST_PROPERTY = "robustlab.dist";

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "extra folder of plugin jars (repeatable)")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--debug", description = "show stack traces")
    boolean debug;

    /** Built-in plugins folder, then --plugins-dir, then $ROBUSTLAB_PLUGINS. */
    List<Path> roots() {
        List<Path> roots = new ArrayList<>();
        Path builtin = builtinPlugins();
        if (builtin != null) {
            roots.add(builtin);
        }
        roots.addAll(pluginDirs);
        String env = System.getenv(PluginHost.ENV);
        if (env != null && !env.isBlank()) {
            for (String p : env.split(File.pathSeparator)) {
                if (!p.isBlank()) {
                    roots.add(Path.of(p));
                }
            }
        }
        return roots;
    }

    static Path builtinPlugins() {
        String dist = System.getProperty(DIST_PROPERTY);
        if (dist == null) {
            return null;
        }
        Path p = Path.of(dist, "plugins");
        return Files.isDirectory(p) ? p : null;
    }

    /** Loads the host and prints a warning per broken plugin. */
    PluginHost load() {
        PluginHost host = PluginHost.load(roots());
        for (PluginProblem p : host.problems()) {
            System.err.println("warning: plugin " + p.file() + (p.pluginId() == null ? "" : " ('" + p.pluginId() + "')")
                    + ": " + p.reason());
        }
        return host;
    }
}
