package org.robustlab.core.plugin;

import java.util.Locale;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Attack;
import org.robustlab.api.Encoder;
import org.robustlab.api.Metric;
import org.robustlab.api.Regularizer;
import org.robustlab.api.StudyExtension;

/** The five extension points, with the word scripts and messages use for each. */
public enum ExtensionKind {
    ENCODER(Encoder.class),
    REGULARIZER(Regularizer.class),
    ATTACK(Attack.class),
    ANALYZER(Analyzer.class),
    METRIC(Metric.class);

    private final Class<? extends StudyExtension> type;

    ExtensionKind(Class<? extends StudyExtension> type) {
        this.type = type;
    }

    /** The extension point interface. */
    public Class<? extends StudyExtension> type() {
        return type;
    }

    /** e.g. {@code attack}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** e.g. {@code attacks}. */
    public String plural() {
        return this == ANALYZER ? "analyzers" : word() + "s";
    }

    /** The kind an extension class implements, or null. */
    public static ExtensionKind of(Class<?> c) {
        for (ExtensionKind k : values()) {
            if (k.type.isAssignableFrom(c)) {
                return k;
            }
        }
        return null;
    }
}
