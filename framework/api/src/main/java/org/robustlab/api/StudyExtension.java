package org.robustlab.api;

import org.pf4j.ExtensionPoint;

/**
 * Common supertype of every robustlab extension point. Instances are created fresh for every
 * use in a study and configured through their {@link Param} fields before any other call.
 */
public interface StudyExtension extends ExtensionPoint {
    /** The keyword scripts use, e.g. {@code pgd}; lower camel case, unique within its kind. */
    String name();

    /** One sentence for {@code robustlab plugins} and the site. */
    default String description() {
        return "";
    }
}
