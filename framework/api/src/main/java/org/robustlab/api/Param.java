package org.robustlab.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a parameter of an extension. The field's initial value is the default; the single
 * declaration feeds DSL named arguments, validation, help text and provenance.
 *
 * <pre>{@code @Param(description = "number of gradient steps", min = 1) int steps = 10;}</pre>
 *
 * Supported field types: int, long, double, float, boolean, String, enums, double[], int[],
 * {@code java.nio.file.Path} and {@code List<Number>}/{@code Map} (passed through).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Param {
    /** One line shown in help and in validation errors. */
    String description();

    /** True for the parameter a positional argument binds to, as in {@code l2(1e-4)}. */
    boolean primary() default false;

    /** Smallest allowed numeric value (inclusive). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest allowed numeric value (inclusive). */
    double max() default Double.POSITIVE_INFINITY;

    /** Allowed string values; empty means any. */
    String[] choices() default {};

    /**
     * For an optional parameter whose default is null: while it is unset it is left out of provenance and so out of
     * the content keys of trained models and finished steps. Adding such a parameter to an extension then does not
     * invalidate what earlier versions saved. Since API 0.5.0.
     */
    boolean omitWhenUnset() default false;
}
