package org.robustlab.core.params;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.robustlab.api.Param;

/**
 * One declared parameter: its field, annotation and default (read from a fresh instance).
 *
 * @param name          the field name, used as the DSL key
 * @param field         the annotated field (made accessible)
 * @param param         the annotation
 * @param defaultValue  the field's value on a freshly constructed instance
 */
public record ParamSpec(String name, Field field, Param param, Object defaultValue) {

    /** Declared parameters of a class, superclass fields first, in declaration order. */
    public static List<ParamSpec> of(Object freshInstance) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = freshInstance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            chain.add(0, c);
        }
        List<ParamSpec> specs = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                Param p = f.getAnnotation(Param.class);
                if (p != null) {
                    f.setAccessible(true);
                    specs.add(new ParamSpec(f.getName(), f, p, read(f, freshInstance)));
                }
            }
        }
        return specs;
    }

    static Object read(Field f, Object target) {
        try {
            return f.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read parameter " + f, e);
        }
    }

    /** The type as users see it, e.g. {@code int} or {@code one of [inf, 2]}. */
    public String typeName() {
        if (param.choices().length > 0) {
            return "one of " + Arrays.toString(param.choices());
        }
        Class<?> t = field.getType();
        if (t.isEnum()) {
            return "one of " + Arrays.toString(t.getEnumConstants());
        }
        return t.isArray() ? t.getComponentType().getSimpleName() + " list" : t.getSimpleName();
    }

    /** One help line: {@code steps (int, default 10): number of gradient steps}. */
    public String help() {
        return name + " (" + typeName() + ", default " + Params.display(defaultValue) + "): " + param.description();
    }
}
