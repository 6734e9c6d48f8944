package org.robustlab.dsl;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.study.ComponentRef;
import org.robustlab.core.study.Configured;

/** State shared by the delegates of one script: registry, file name and the references made so far. */
final class DslContext {
    final ExtensionRegistry registry;
    final String scriptName;
    private final Map<ComponentRef, Boolean> refs = new IdentityHashMap<>();
    private final List<ComponentRef> order = new ArrayList<>();

    DslContext(ExtensionRegistry registry, String scriptName) {
        this.registry = registry;
        this.scriptName = scriptName;
    }

    String here() {
        return ScriptLocation.here(scriptName);
    }

    RobustlabException error(String message) {
        return new RobustlabException(here() + " " + message);
    }

    /** A new reference made at the current line. */
    ComponentRef ref(String name, Map<String, Object> args, Object positional) {
        ComponentRef r = new ComponentRef(name, args, positional, here());
        refs.put(r, false);
        order.add(r);
        return r;
    }

    /** Checks {@code value} is a reference to an extension of {@code kind} and configures it once to validate. */
    ComponentRef use(ExtensionKind kind, Object value, Object hostSettings) {
        ComponentRef r;
        if (value instanceof ComponentRef c) {
            r = c;
        } else if (value instanceof CharSequence s) {
            r = ref(s.toString(), Map.of(), null);
        } else {
            throw error(kind.word() + " expects a " + kind.word() + " name such as "
                    + String.join(", ", registry.names(kind)) + ", got " + value);
        }
        refs.put(r, true);
        Configured.of(registry, kind, r, hostSettings);
        return r;
    }

    /** Fails on a bare name that no keyword consumed (e.g. a misspelt keyword on its own). */
    void checkAllUsed(List<String> keywords) {
        for (ComponentRef r : order) {
            if (!refs.get(r)) {
                throw new RobustlabException(r.prefix() + "'" + r.name() + "' is not used by any keyword; write it after one of: "
                        + String.join(", ", keywords) + " (e.g. attack " + r.name() + ")");
            }
        }
    }
}
