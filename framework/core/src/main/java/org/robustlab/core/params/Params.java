package org.robustlab.core.params;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.robustlab.api.RobustlabException;

/** Applies named (and one positional) arguments to an extension's {@link org.robustlab.api.Param} fields. */
public final class Params {
    private Params() {
    }

    /**
     * Sets fields of {@code target} (a fresh instance) from {@code args}; {@code positional}
     * (may be null) binds to the primary parameter, else the first one.
     *
     * @param what e.g. {@code attack 'pgd'}, used in error messages
     * @throws RobustlabException naming the key, the problem and the valid keys
     */
    public static void bind(Object target, String what, Map<String, ?> args, Object positional) {
        bind(List.of(target), what, args, positional);
    }

    /**
     * Like {@link #bind(Object, String, Map, Object)} over several targets: each key goes to the target that
     * declares it (the extension's own parameters and the host's keys, e.g. an attack's ε grid), the positional
     * argument to the first target's primary parameter; an unknown key lists the keys of all of them. Targets
     * that are {@link Validated} are checked after binding.
     */
    public static void bind(List<?> targets, String what, Map<String, ?> args, Object positional) {
        List<Object> owners = new java.util.ArrayList<>();
        List<ParamSpec> specs = new java.util.ArrayList<>();
        for (Object t : targets) {
            for (ParamSpec s : ParamSpec.of(t)) {
                owners.add(t);
                specs.add(s);
            }
        }
        if (positional != null) {
            List<ParamSpec> first = ParamSpec.of(targets.get(0));
            ParamSpec primary = first.stream().filter(s -> s.param().primary()).findFirst()
                    .orElse(first.isEmpty() ? null : first.get(0));
            if (primary == null) {
                throw new RobustlabException(what + " takes no parameters, but got " + display(positional));
            }
            set(targets.get(0), what, primary, positional);
        }
        for (Map.Entry<String, ?> e : args.entrySet()) {
            int i = 0;
            while (i < specs.size() && !specs.get(i).name().equals(e.getKey())) {
                i++;
            }
            if (i == specs.size()) {
                List<String> names = specs.stream().map(ParamSpec::name).toList();
                String hint = Suggestions.closest(e.getKey(), names).map(s -> "did you mean '" + s + "'? ").orElse("");
                throw new RobustlabException("unknown parameter '" + e.getKey() + "' for " + what + "; " + hint
                        + (names.isEmpty() ? "it takes no parameters" : "valid: " + String.join(", ", names)));
            }
            set(owners.get(i), what, specs.get(i), e.getValue());
        }
        for (Object t : targets) {
            if (t instanceof Validated v) {
                try {
                    v.validate();
                } catch (RobustlabException e) {
                    throw new RobustlabException(what + ": " + e.getMessage());
                }
            }
        }
    }

    /** Current parameter values of a configured extension, for provenance and the site. */
    public static Map<String, Object> describe(Object target) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamSpec s : ParamSpec.of(target)) {
            Object v = ParamSpec.read(s.field(), target);
            if (v == null && s.param().omitWhenUnset()) {
                continue; // an optional parameter added later must not change the keys of models saved before it
            }
            values.put(s.name(), v != null && v.getClass().isArray() ? toList(v) : v instanceof Path p ? p.toString() : v);
        }
        return values;
    }

    /** Help lines for every parameter. */
    public static String help(Object freshInstance) {
        return ParamSpec.of(freshInstance).stream().map(ParamSpec::help).collect(Collectors.joining("\n"));
    }

    private static void set(Object target, String what, ParamSpec spec, Object raw) {
        Object value = convert(what, spec, raw);
        double min = spec.param().min();
        double max = spec.param().max();
        if (value instanceof Number n && (n.doubleValue() < min || n.doubleValue() > max || Double.isNaN(n.doubleValue()))) {
            throw new RobustlabException(what + ": " + spec.name() + " = " + display(raw) + " is out of range"
                    + (Double.isInfinite(min) ? "" : "; minimum " + limit(min, spec))
                    + (Double.isInfinite(max) ? "" : "; maximum " + limit(max, spec)) + " (" + spec.help() + ")");
        }
        String[] choices = spec.param().choices();
        if (choices.length > 0 && !Arrays.asList(choices).contains(String.valueOf(value))) {
            throw new RobustlabException(what + ": " + spec.name() + " = " + display(raw) + " is not allowed; choose one of "
                    + String.join(", ", choices));
        }
        try {
            spec.field().set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A range limit as the parameter's type writes it: "minimum 1" for an int, "minimum 0.5" for a double. */
    private static String limit(double v, ParamSpec spec) {
        Class<?> t = spec.field().getType();
        boolean integral = t == int.class || t == Integer.class || t == long.class || t == Long.class || t == int[].class;
        return integral || v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : display(v);
    }

    private static Object convert(String what, ParamSpec spec, Object raw) {
        Class<?> t = spec.field().getType();
        String bad = what + ": " + spec.name() + " expects " + spec.typeName() + " but got " + display(raw)
                + " (" + spec.help() + ")";
        try {
            if (raw == null) {
                if (t.isPrimitive()) {
                    throw new RobustlabException(bad);
                }
                return null;
            }
            if (t == int.class || t == Integer.class) {
                return exactInt(raw, bad);
            }
            if (t == long.class || t == Long.class) {
                return ((Number) raw).longValue();
            }
            if (t == double.class || t == Double.class) {
                return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString());
            }
            if (t == float.class || t == Float.class) {
                return ((Number) raw).floatValue();
            }
            if (t == boolean.class || t == Boolean.class) {
                if (raw instanceof Boolean b) {
                    return b;
                }
                throw new RobustlabException(bad);
            }
            if (t == String.class) {
                if (raw instanceof CharSequence || raw instanceof Number) {
                    return raw.toString();
                }
                throw new RobustlabException(bad);
            }
            if (t == Path.class) {
                return Path.of(raw.toString());
            }
            if (t.isEnum()) {
                for (Object c : t.getEnumConstants()) {
                    if (c.toString().equalsIgnoreCase(raw.toString())) {
                        return c;
                    }
                }
                throw new RobustlabException(bad);
            }
            if (t == double[].class) {
                List<?> l = asList(raw);
                return l.stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
            }
            if (t == int[].class) {
                List<?> l = asList(raw);
                return l.stream().mapToInt(o -> exactInt(o, bad)).toArray();
            }
            if (t.isInstance(raw)) {
                return raw;
            }
        } catch (ClassCastException | NumberFormatException e) {
            throw new RobustlabException(bad);
        }
        throw new RobustlabException(bad);
    }

    private static int exactInt(Object raw, String bad) {
        if (raw instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw new RobustlabException(bad);
    }

    private static List<?> asList(Object raw) {
        if (raw instanceof List<?> l) {
            return l;
        }
        if (raw.getClass().isArray()) {
            return toList(raw);
        }
        return List.of(raw);
    }

    private static List<Object> toList(Object array) {
        Object[] out = new Object[Array.getLength(array)];
        for (int i = 0; i < out.length; i++) {
            out[i] = Array.get(array, i);
        }
        return Arrays.asList(out);
    }

    /** A value as a script would write it. */
    public static String display(Object v) {
        if (v instanceof CharSequence) {
            return "'" + v + "'";
        }
        if (v != null && v.getClass().isArray()) {
            return toList(v).toString();
        }
        return String.valueOf(v);
    }
}
