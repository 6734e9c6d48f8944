package org.robustlab.core.study;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reference to an extension as written in a script: {@code pgd(steps: 10)} or {@code l2(1e-4)}.
 *
 * @param name        the name as written (may be qualified {@code plugin-id:name})
 * @param args        named arguments
 * @param positional  the single positional argument, or null
 * @param where       source location for messages, e.g. {@code (study.groovy, line 4)}; may be empty
 */
public record ComponentRef(String name, Map<String, Object> args, Object positional, String where) {
    public ComponentRef {
        args = new LinkedHashMap<>(args);
    }

    /** A reference without arguments. */
    public static ComponentRef of(String name) {
        return new ComponentRef(name, Map.of(), null, "");
    }

    /** {@code where} followed by a space, or nothing. */
    public String prefix() {
        return where == null || where.isEmpty() ? "" : where + " ";
    }
}
