package org.robustlab.core.study;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.core.data.DataSpec;

/** Everything a study script declares; built by the DSL, executed by {@link StudyRunner}. */
public final class StudySpec {
    /** Study name; the default output folder is {@code results/<name>}. */
    public String name = "study";
    /** Master seed. */
    public long seed = 42;
    /** Numeric type of the numerics. */
    public DataType dataType = DataType.FLOAT;
    /** Data source. */
    public DataSpec data = DataSpec.sample();
    /** Models in declaration order. */
    public final List<ModelSpec> models = new ArrayList<>();
    /** Attacks applied to every model. */
    public final List<ComponentRef> attacks = new ArrayList<>();
    /** Analyzers run over all models. */
    public final List<ComponentRef> analyzers = new ArrayList<>();
    /** Metrics; empty means the default ({@code evaluation} when a plugin provides it). */
    public final List<ComponentRef> metrics = new ArrayList<>();
    /** Claims evaluated by the {@code compare} analyzer. */
    public final List<org.robustlab.api.Claim> claims = new ArrayList<>();
    /** The script's file name, e.g. {@code quickstart.groovy}. */
    public String scriptName = "inline";
    /** The script's text, recorded in provenance. */
    public String scriptText = "";

    /**
     * Why {@code name} cannot name a study (it names the default output folder {@code results/<name>}),
     * or null when it can: letters, digits, {@code . _ -}, not {@code .} or {@code ..}, no separators.
     */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "a study name must not be empty";
        }
        if (!name.matches("[A-Za-z0-9._-]+") || name.matches("\\.+")) {
            return "study name '" + name + "' cannot name a folder: use letters, digits, '.', '_' and '-' (not only dots,"
                    + " no '/' or '\\'), e.g. 'cifar-pgd'";
        }
        return null;
    }
}
