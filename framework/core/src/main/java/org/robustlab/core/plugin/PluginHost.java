package org.robustlab.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.robustlab.api.RobustlabApi;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyExtension;

/**
 * Loads every plugin jar (or zip) in the given folders. Each file is loaded on its own, so a
 * broken one becomes a {@link PluginProblem} and every other plugin keeps working.
 */
public final class PluginHost implements AutoCloseable {
    /** Environment variable with extra plugin folders, separated by the path separator. */
    public static final String ENV = "ROBUSTLAB_PLUGINS";

    private final RobustlabPluginManager manager;
    private final ExtensionRegistry registry = new ExtensionRegistry();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final Map<String, Path> pluginFiles = new HashMap<>();

    private PluginHost(List<Path> roots) {
        this.manager = new RobustlabPluginManager(roots);
    }

    /** Loads plugins from {@code roots}, in order; missing folders are an error. */
    public static PluginHost load(List<Path> roots) {
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new RobustlabException("plugins folder " + root + " does not exist or is not a folder");
            }
        }
        PluginHost host = new PluginHost(roots);
        host.loadAll(roots);
        return host;
    }

    /** The extensions of all plugins that loaded. */
    public ExtensionRegistry registry() {
        return registry;
    }

    /** Plugins (or extensions) that could not be used, with reasons. */
    public List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /** Loaded plugins: id → version. */
    public Map<String, String> pluginVersions() {
        Map<String, String> v = new HashMap<>();
        for (PluginWrapper w : manager.getStartedPlugins()) {
            v.put(w.getPluginId(), w.getDescriptor().getVersion());
        }
        return v;
    }

    private void loadAll(List<Path> roots) {
        for (Path root : roots) {
            for (Path file : candidates(root)) {
                loadOne(file);
            }
        }
        manager.startPlugins();
        for (PluginWrapper w : manager.getPlugins()) {
            Path file = pluginFiles.get(w.getPluginId());
            if (w.getPluginState() == PluginState.FAILED) {
                Throwable t = w.getFailedException();
                problems.add(new PluginProblem(file, w.getPluginId(), "failed to start: " + describe(t)));
            } else if (w.getPluginState() == PluginState.STARTED) {
                registerExtensions(w, file);
            }
        }
    }

    private static List<Path> candidates(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return Files.isRegularFile(p) && (n.endsWith(".jar") || n.endsWith(".zip"));
            }).sorted().toList();
        } catch (IOException e) {
            throw new RobustlabException("cannot list plugins folder " + root + ": " + e.getMessage());
        }
    }

    private void loadOne(Path file) {
        Archive archive = Archive.inspect(file);
        if (archive.unreadable() != null) {
            problems.add(new PluginProblem(file, null, "not loaded: the file is not a readable jar/zip archive ("
                    + archive.unreadable() + "); it may be truncated or corrupt: rebuild the plugin or copy the jar again"));
            return;
        }
        String declared = archive.pluginId();
        if (declared != null && pluginFiles.containsKey(declared)) {
            problems.add(new PluginProblem(file, declared, "not loaded: plugin id '" + declared + "' is already loaded from "
                    + pluginFiles.get(declared) + "; remove one of the two files or give one a different Plugin-Id"));
            return;
        }
        String id;
        try {
            id = manager.loadPlugin(file);
        } catch (RuntimeException | LinkageError e) {
            String missing = missingManifestField(describe(e));
            problems.add(new PluginProblem(file, null, missing != null
                    ? "not loaded: its META-INF/MANIFEST.MF lacks " + missing + "; a plugin jar needs Plugin-Id and"
                            + " Plugin-Version there (the new-plugin scaffold's pom writes both)"
                    : "not loaded: " + describe(e) + ". A plugin jar needs Plugin-Id and Plugin-Version in META-INF/MANIFEST.MF"));
            return;
        }
        if (id == null) {
            problems.add(new PluginProblem(file, null, "not loaded: PF4J did not recognise it as a plugin"));
            return;
        }
        pluginFiles.put(id, file);
        PluginWrapper w = manager.getPlugin(id);
        if (!manager.compatible(w)) {
            problems.add(new PluginProblem(file, id, "requires robustlab API '" + w.getDescriptor().getRequires()
                    + "' but this host provides API " + RobustlabApi.VERSION + "; rebuild the plugin against API "
                    + RobustlabApi.VERSION + " or use a matching robustlab"));
            manager.unloadPlugin(id);
        }
    }

    /**
     * One look inside a plugin file before PF4J loads it: whether it opens as an archive at all
     * ({@code unreadable} is the reason when not) and the Plugin-Id of its manifest, if any.
     */
    private record Archive(String unreadable, String pluginId) {
        static Archive inspect(Path file) {
            try (JarFile jar = new JarFile(file.toFile())) {
                if (jar.size() == 0) {
                    return new Archive("it has no entries", null);
                }
                Manifest m = jar.getManifest();
                String id = m == null ? null : m.getMainAttributes().getValue("Plugin-Id");
                return new Archive(null, id == null || id.isBlank() ? null : id.trim());
            } catch (IOException e) {
                return new Archive(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), null);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void registerExtensions(PluginWrapper w, Path file) {
        String id = w.getPluginId();
        List<String> names;
        try {
            names = new ArrayList<>(manager.getExtensionClassNames(id));
        } catch (RuntimeException e) {
            problems.add(new PluginProblem(file, id, "cannot read its extension index: " + describe(e)));
            return;
        }
        if (names.isEmpty()) {
            problems.add(new PluginProblem(file, id, "declares no extensions (META-INF/extensions.idx is missing or empty;"
                    + " compile with the PF4J annotation processor)"));
        }
        names.sort(null);
        for (String className : names) {
            try {
                Class<?> c = w.getPluginClassLoader().loadClass(className);
                ExtensionKind kind = ExtensionKind.of(c);
                if (kind == null) {
                    continue; // an extension of some other host; not ours to judge
                }
                Class<? extends StudyExtension> type = (Class<? extends StudyExtension>) c;
                StudyExtension probe = ExtensionRegistry.instantiate(type, id + " from " + file.getFileName());
                registry.register(new ExtensionInfo(kind, probe.name(), probe.description(), id,
                        w.getDescriptor().getVersion(), file, type));
            } catch (ClassNotFoundException | LinkageError e) {
                unusable(new PluginProblem(file, id, "extension " + className + " cannot be loaded: " + describe(e)));
            } catch (RuntimeException e) {
                unusable(new PluginProblem(file, id, "extension " + className + " is unusable: " + describe(e)));
            }
        }
    }

    private void unusable(PluginProblem p) {
        problems.add(p);
        registry.unusable(p);
    }

    /**
     * The manifest attribute PF4J's "Field 'id' cannot be empty" (its descriptor's field names) is about, or null
     * when the message is not of that kind.
     */
    static String missingManifestField(String pf4jMessage) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Field '(\\w+)' cannot be empty").matcher(pf4jMessage);
        if (!m.find()) {
            return null;
        }
        return switch (m.group(1)) {
            case "id" -> "Plugin-Id";
            case "version" -> "Plugin-Version";
            case "pluginClass" -> "Plugin-Class";
            default -> "Plugin-" + Character.toUpperCase(m.group(1).charAt(0)) + m.group(1).substring(1);
        };
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return root == t || msg.contains(root.toString()) ? msg : msg + " (caused by " + root + ")";
    }

    @Override
    public void close() {
        manager.stopPlugins();
        manager.unloadPlugins();
    }
}
