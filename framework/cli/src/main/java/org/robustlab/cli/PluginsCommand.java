package org.robustlab.cli;

import java.util.concurrent.Callable;
import org.robustlab.core.plugin.ExtensionInfo;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.plugin.PluginProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code robustlab plugins}: one line per extension. */
@Command(name = "plugins", mixinStandardHelpOptions = true, description = "List extensions from the loaded plugin jars.")
final class PluginsCommand implements Callable<Integer> {
    @Mixin
    HostOptions host;

    @picocli.CommandLine.Option(names = "--markdown", description = "print the reference page of every extension and its"
            + " parameters (docs/plugins.md) instead of the list")
    boolean markdown;

    @Override
    public Integer call() {
        try (PluginHost plugins = host.load()) {
            if (markdown) {
                System.out.print(org.robustlab.core.plugin.PluginsMarkdown.of(plugins.registry()));
                return 0;
            }
            String format = "%-12s %-12s %-24s %-16s %s%n";
            System.out.printf(format, "KIND", "NAME", "PLUGIN", "VERSION", "JAR");
            for (ExtensionInfo e : plugins.registry().all()) {
                System.out.printf(format, e.kind().word(), e.name(), e.pluginId(), e.pluginVersion(),
                        e.source() == null ? "-" : e.source());
            }
            for (PluginProblem p : plugins.problems()) {
                System.out.println("BROKEN       " + p);
            }
            return 0;
        }
    }
}
