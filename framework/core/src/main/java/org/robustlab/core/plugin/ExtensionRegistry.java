package org.robustlab.core.plugin;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyExtension;
import org.robustlab.core.params.Suggestions;

/** Extensions by kind and name; creates fresh instances for each use. */
public final class ExtensionRegistry {
    private final List<ExtensionInfo> extensions = new ArrayList<>();
    /** Extensions whose class failed to load or construct; named when a DSL keyword is not found. */
    private final List<PluginProblem> unusable = new ArrayList<>();

    /** Records an extension of a loaded plugin that cannot be used (its name is unknown: no instance exists). */
    public void unusable(PluginProblem problem) {
        unusable.add(Objects.requireNonNull(problem));
    }

    /** Adds an extension. */
    public void register(ExtensionInfo info) {
        extensions.add(Objects.requireNonNull(info));
    }

    /** Registers a class directly (tests, embedding); reads name and description from an instance. */
    public ExtensionInfo register(Class<? extends StudyExtension> type, String pluginId, String version) {
        StudyExtension probe = instantiate(type, pluginId);
        ExtensionKind kind = ExtensionKind.of(type);
        if (kind == null) {
            throw new IllegalArgumentException(type + " implements no robustlab extension point");
        }
        ExtensionInfo info = new ExtensionInfo(kind, probe.name(), probe.description(), pluginId, version, null, type);
        register(info);
        return info;
    }

    /** All extensions sorted by kind, then name. */
    public List<ExtensionInfo> all() {
        return extensions.stream().sorted(Comparator.comparing(ExtensionInfo::kind)
                .thenComparing(ExtensionInfo::name).thenComparing(ExtensionInfo::pluginId)).toList();
    }

    /** Sorted distinct names of one kind. */
    public List<String> names(ExtensionKind kind) {
        TreeSet<String> names = new TreeSet<>();
        extensions.stream().filter(e -> e.kind() == kind).forEach(e -> names.add(e.name()));
        return List.copyOf(names);
    }

    /** True if any kind has an extension called {@code name} (or {@code plugin:name}). */
    public boolean knows(String name) {
        return extensions.stream().anyMatch(e -> e.name().equals(name) || e.qualifiedName().equals(name));
    }

    /**
     * The extension of {@code kind} called {@code name} ({@code plugin-id:name} also accepted).
     *
     * @throws RobustlabException for unknown, unavailable or ambiguous names, with suggestions
     */
    public ExtensionInfo find(ExtensionKind kind, String name) {
        List<ExtensionInfo> matches = extensions.stream()
                .filter(e -> e.kind() == kind && (e.name().equals(name) || e.qualifiedName().equals(name)))
                .sorted(Comparator.comparing(ExtensionInfo::qualifiedName)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.size() > 1) {
            throw new RobustlabException(kind.word() + " '" + name + "' is offered by " + matches.size() + " plugins: "
                    + String.join(", ", matches.stream().map(e -> "'" + e.qualifiedName() + "'").toList())
                    + "; write the qualified form to pick one, e.g. " + kind.word() + " '" + matches.get(0).qualifiedName() + "'");
        }
        List<String> names = names(kind);
        String available = names.isEmpty() ? "no " + kind.plural() + " are loaded" : "available: " + String.join(", ", names);
        String broken = unusable.isEmpty() ? "" : "; note that " + unusable.size() + " extension(s) of loaded plugins could not be"
                + " used, so '" + name + "' may be one of them: " + String.join("; ", unusable.stream().map(PluginProblem::toString).toList());
        var close = Suggestions.closest(name, names);
        if (close.isPresent()) {
            return fail("unknown " + kind.word() + " '" + name + "'; did you mean '" + close.get() + "'? " + available + broken);
        }
        String elsewhere = extensions.stream().filter(e -> e.name().equals(name)).map(e -> e.kind().word())
                .findFirst().map(k -> " ('" + name + "' is " + article(k) + " " + k + ")").orElse("");
        return fail(kind.word() + " '" + name + "' is not available: no loaded plugin provides it" + elsewhere + "; " + available
                + broken);
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static ExtensionInfo fail(String message) {
        throw new RobustlabException(message);
    }

    /** A new, unconfigured instance. */
    public StudyExtension create(ExtensionInfo info) {
        return instantiate(info.type(), info.pluginId() + (info.source() == null ? "" : " from " + info.source().getFileName()));
    }

    static StudyExtension instantiate(Class<? extends StudyExtension> type, String origin) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new RobustlabException("extension " + type.getName() + " (plugin " + origin + ") failed in its constructor: "
                    + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new RobustlabException("extension " + type.getName() + " (plugin " + origin + ") cannot be created: " + e, e);
        }
    }
}
