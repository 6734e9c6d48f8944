package org.robustlab.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.params.Suggestions;
import org.robustlab.core.study.ComponentRef;

/** Shared handling of bare names and calls that are not keywords: they become plugin references. */
final class Keywords {
    private Keywords() {
    }

    /** {@code pgd(steps: 10)}, {@code l2(1e-4)}, {@code pgd()}; or a misspelt keyword. */
    static ComponentRef call(DslContext ctx, List<String> keywords, String name, Object args) {
        Object[] a = args instanceof Object[] arr ? arr : new Object[]{args};
        Map<String, Object> named = new LinkedHashMap<>();
        Object positional = null;
        for (Object o : a) {
            if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> named.put(String.valueOf(k), plain(v)));
            } else if (positional == null && !(o instanceof ComponentRef) && !(o instanceof groovy.lang.Closure)) {
                positional = plain(o);
            } else {
                throw misspelt(ctx, keywords, name);
            }
        }
        if (!ctx.registry.knows(name) && Suggestions.closest(name, keywords).isPresent() && named.isEmpty()) {
            throw misspelt(ctx, keywords, name);
        }
        return ctx.ref(name, named, positional);
    }

    /** Groovy literals as plain Java values: BigDecimal → double, BigInteger → long, GString → String. */
    static Object plain(Object v) {
        if (v instanceof java.math.BigDecimal d) {
            return d.doubleValue();
        }
        if (v instanceof java.math.BigInteger i) {
            return i.longValue();
        }
        if (v instanceof groovy.lang.GString g) {
            return g.toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Keywords::plain).toList();
        }
        return v;
    }

    static RobustlabException misspelt(DslContext ctx, List<String> keywords, String name) {
        String hint = Suggestions.closest(name, keywords).map(s -> "did you mean '" + s + "'? ").orElse("");
        return ctx.error("unknown keyword '" + name + "'; " + hint + "keywords: " + String.join(", ", keywords));
    }
}
