package org.robustlab.core.plugin;

import java.lang.reflect.InvocationTargetException;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;

/**
 * Creates the optional {@code Plugin-Class}. PF4J's default factory logs failures and returns
 * null; this one throws with the reason so the host can report it against the jar. Plugins
 * without a {@code Plugin-Class} get a plain {@link Plugin}: most robustlab plugins need no
 * lifecycle code.
 */
final class ReportingPluginFactory implements PluginFactory {
    @Override
    public Plugin create(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        if (className == null || className.isBlank() || className.equals(Plugin.class.getName())) {
            return new Plugin() {
            };
        }
        try {
            Class<?> c = wrapper.getPluginClassLoader().loadClass(className);
            if (!Plugin.class.isAssignableFrom(c)) {
                throw new PluginRuntimeException("Plugin-Class " + className + " does not extend org.pf4j.Plugin");
            }
            try {
                return (Plugin) c.getConstructor(PluginWrapper.class).newInstance(wrapper);
            } catch (NoSuchMethodException e) {
                return (Plugin) c.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "Plugin-Class " + className + " threw in its constructor: "
                    + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRuntimeException(e, "Plugin-Class " + className + " cannot be created: " + e);
        }
    }
}
