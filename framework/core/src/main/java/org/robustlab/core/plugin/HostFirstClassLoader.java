package org.robustlab.core.plugin;

import java.util.List;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * Plugin-first class loading, except for the packages the host shares with every plugin: a
 * plugin that bundles its own copy of ND4J or the API would otherwise get classes that are not
 * the host's, and its arrays and models could not cross the boundary.
 */
final class HostFirstClassLoader extends PluginClassLoader {
    /** Package prefixes always loaded from the host. */
    static final List<String> SHARED = List.of("org.robustlab.api.", "org.robustlab.numerics.", "org.nd4j.", "org.bytedeco.", "groovy.",
            "org.apache.groovy.", "org.codehaus.groovy.", "org.pf4j.", "org.slf4j.");

    HostFirstClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent);
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return getParent().loadClass(className);
            }
        }
        return super.loadClass(className);
    }
}
