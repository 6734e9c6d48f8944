package org.robustlab.core.plugin;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.BasePluginLoader;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.robustlab.api.RobustlabApi;

/** PF4J's default manager with robustlab's class-loading rules and the API version as system version. */
final class RobustlabPluginManager extends DefaultPluginManager {
    RobustlabPluginManager(List<Path> roots) {
        super(roots);
        setSystemVersion(RobustlabApi.VERSION);
        setExactVersionAllowed(false);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new SharedJarLoader(this))
                .add(new SharedFolderLoader(this));
    }

    @Override
    protected org.pf4j.PluginFactory createPluginFactory() {
        return new ReportingPluginFactory();
    }

    /** Exposed so the host can report version mismatches itself. */
    boolean compatible(PluginWrapper wrapper) {
        return isPluginValid(wrapper);
    }

    private static final class SharedJarLoader extends JarPluginLoader {
        SharedJarLoader(PluginManager manager) {
            super(manager);
        }

        @Override
        public ClassLoader loadPlugin(Path pluginPath, PluginDescriptor descriptor) {
            PluginClassLoader loader = new HostFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
            loader.addFile(pluginPath.toFile());
            return loader;
        }
    }

    /** Expanded zip plugins: {@code classes/} plus {@code lib/*.jar}, the plugin's own dependencies. */
    private static final class SharedFolderLoader extends BasePluginLoader {
        SharedFolderLoader(PluginManager manager) {
            super(manager, new DefaultPluginClasspath());
        }

        @Override
        protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
            return new HostFirstClassLoader(pluginManager, descriptor, getClass().getClassLoader());
        }
    }
}
