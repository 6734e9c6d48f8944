package org.robustlab.core.robustness;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustlab.api.RobustlabException;

/**
 * The ε values of a sweep: explicit ({@code epsilons: [...]}) or log-spaced between
 * {@code epsMin} and {@code epsMax} with {@code epsCount} points. Defaults follow METHODS.md §4:
 * 1e-4 … 10 for L2 attacks, 1e-5 … 0.5 for L∞.
 */
public final class EpsilonGrid {
    /** Attack arguments the host consumes (not bound to the plugin's fields). */
    public static final Set<String> KEYS = Set.of("epsilons", "epsMin", "epsMax", "epsCount", "subset", "bisect", "extend");

    private EpsilonGrid() {
    }

    /** Log-spaced values from {@code lo} to {@code hi} inclusive. */
    public static double[] logspace(double lo, double hi, int count) {
        if (!(lo > 0 && hi > lo && count >= 2)) {
            throw new RobustlabException("ε grid needs 0 < epsMin < epsMax and epsCount >= 2 (got " + lo + ", " + hi + ", " + count + ")");
        }
        double[] v = new double[count];
        double a = Math.log10(lo);
        double b = Math.log10(hi);
        for (int i = 0; i < count; i++) {
            v[i] = Math.pow(10, a + (b - a) * i / (count - 1));
        }
        return v;
    }

    /** The grid an attack reference asks for, given the attack's norm. */
    public static double[] of(Map<String, Object> args, String norm) {
        Object explicit = args.get("epsilons");
        if (explicit instanceof List<?> l) {
            double[] v = l.stream().mapToDouble(o -> ((Number) o).doubleValue()).sorted().toArray();
            for (double e : v) {
                if (!(e >= 0)) {
                    throw new RobustlabException("epsilons must be >= 0, got " + e);
                }
            }
            return v;
        }
        boolean l2 = "2".equals(norm);
        double lo = number(args, "epsMin", l2 ? 1e-4 : 1e-5);
        double hi = number(args, "epsMax", l2 ? 10 : 0.5);
        int count = (int) number(args, "epsCount", 16);
        return logspace(lo, hi, count);
    }

    private static double number(Map<String, Object> args, String key, double fallback) {
        Object v = args.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new RobustlabException(key + " must be a number, got '" + v + "'");
    }
}
