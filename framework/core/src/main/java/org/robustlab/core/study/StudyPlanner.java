package org.robustlab.core.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Attack;
import org.robustlab.api.Claim;
import org.robustlab.api.Encoder;
import org.robustlab.api.FileNames;
import org.robustlab.api.Metric;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.plugin.ExtensionInfo;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.robustness.SweepSettings;

/**
 * The planning stage: resolves and configures every extension a study names, checks model names, norms and claims,
 * and throws at the first bad reference (with its script line), so a typo fails before any training.
 */
final class StudyPlanner {
    /** Metrics a claim can be on, after the attack label (or {@code clean.}). */
    static final List<String> CLAIM_METRICS = List.of("medianCriticalDistance", "auc",
            "medianCriticalDistanceDrop", "medianCriticalDistanceKM");

    /**
     * Claimable metrics that another analyzer estimates with its own paired resampling ({@code paired-metrics.json},
     * read by compare): analyzer name → metric pattern.
     */
    static final Map<String, String> ANALYZER_METRICS = Map.of(
            "powerlaw", "powerlaw\\.[A-Za-z0-9_-]+\\.(alpha|rSquared)",
            "landscape", "landscape\\.(roughness|rangeRoughness)");

    private final ExtensionRegistry registry;

    StudyPlanner(ExtensionRegistry registry) {
        this.registry = registry;
    }

    /** The configured extensions of a study; {@code attackLabels} are the attacks' file labels, in order. */
    record Plan(List<PlannedModel> models, List<Configured<Attack>> attacks, List<String> attackLabels,
                List<Configured<Analyzer>> analyzers, List<Configured<Metric>> metrics) {
        List<ExtensionInfo> used() {
            List<ExtensionInfo> all = new ArrayList<>();
            models.forEach(m -> {
                all.add(m.encoder.info());
                m.regularizers.forEach(r -> all.add(r.info()));
            });
            attacks.forEach(a -> all.add(a.info()));
            analyzers.forEach(a -> all.add(a.info()));
            metrics.forEach(a -> all.add(a.info()));
            return all;
        }

        /** The attack with that file label. */
        Configured<Attack> attack(String label) {
            return attacks.get(attackLabels.indexOf(label));
        }
    }

    record PlannedModel(ModelSpec spec, Configured<Encoder> encoder, List<Configured<Regularizer>> regularizers) {
    }

    Plan plan(StudySpec spec) {
        List<PlannedModel> models = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> folders = new HashMap<>();
        for (ModelSpec m : spec.models) {
            String at = m.where().isEmpty() ? "" : m.where() + " ";
            if (!names.add(m.name())) {
                throw new RobustlabException(at + "model name '" + m.name() + "' is used twice; give each model its own name");
            }
            // case-insensitive file systems (macOS, Windows) would let 'BP' overwrite 'bp'
            String other = folders.putIfAbsent(FileNames.of(m.name()).toLowerCase(Locale.ROOT), m.name());
            if (other != null) {
                throw new RobustlabException(at + "models '" + other + "' and '" + m.name() + "' would share the folder models/"
                        + FileNames.of(m.name()) + " on a case-insensitive file system; rename one");
            }
            Configured<Encoder> enc = Configured.of(registry, ExtensionKind.ENCODER, m.encoder(), null);
            List<Configured<Regularizer>> regs = new ArrayList<>();
            for (ComponentRef r : m.regularizers()) {
                regs.add(Configured.of(registry, ExtensionKind.REGULARIZER, r, null));
            }
            models.add(new PlannedModel(m, enc, regs));
        }
        List<Configured<Attack>> attacks = new ArrayList<>();
        for (ComponentRef a : spec.attacks) {
            Configured<Attack> c = Configured.of(registry, ExtensionKind.ATTACK, a, new SweepSettings());
            try {
                c.instance().normType(); // an unknown norm fails here, before any training, not after it
            } catch (RobustlabException e) {
                throw new RobustlabException("attack '" + c.instance().name() + "': " + e.getMessage(), e);
            }
            attacks.add(c);
        }
        List<Configured<Analyzer>> analyzers = new ArrayList<>();
        for (ComponentRef a : spec.analyzers) {
            analyzers.add(Configured.of(registry, ExtensionKind.ANALYZER, a, null));
        }
        List<ComponentRef> metricRefs = new ArrayList<>(spec.metrics);
        if (metricRefs.isEmpty() && registry.names(ExtensionKind.METRIC).contains("evaluation")) {
            metricRefs.add(ComponentRef.of("evaluation"));
        }
        List<Configured<Metric>> metrics = new ArrayList<>();
        for (ComponentRef m : metricRefs) {
            metrics.add(Configured.of(registry, ExtensionKind.METRIC, m, null));
        }
        checkClaims(spec);
        if (models.isEmpty() && !(attacks.isEmpty() && analyzers.isEmpty())) {
            throw new RobustlabException("the study attacks or analyzes models but declares none; add e.g. encoder mlp");
        }
        return new Plan(models, attacks, labels(attacks.stream().map(a -> a.info().name()).toList()), analyzers, metrics);
    }

    /** The attack with twice its {@code steps} and one more random restart (if it has them), or null. */
    Attack strengthened(Configured<Attack> a) {
        Map<String, Object> params = org.robustlab.core.params.Params.describe(a.instance());
        if (!(params.get("steps") instanceof Number steps)) {
            return null;
        }
        Map<String, Object> args = new LinkedHashMap<>(a.ref().args());
        args.put("steps", steps.intValue() * 2);
        if (params.get("restarts") instanceof Number r) {
            args.put("restarts", r.intValue() + 1);
        }
        ComponentRef ref = new ComponentRef(a.ref().name(), args, a.ref().positional(), a.ref().where());
        return Configured.<Attack>of(registry, ExtensionKind.ATTACK, ref, new SweepSettings()).instance();
    }

    /** Every claim names declared models, a known metric, and the study has a compare analyzer to evaluate it. */
    private static void checkClaims(StudySpec spec) {
        if (spec.claims.isEmpty()) {
            return;
        }
        Set<String> modelNames = new HashSet<>();
        spec.models.forEach(m -> modelNames.add(m.name()));
        List<String> labels = labels(spec.attacks.stream().map(ComponentRef::name).map(n -> n.substring(n.indexOf(':') + 1)).toList());
        boolean compare = spec.analyzers.stream().anyMatch(a -> a.name().equals("compare") || a.name().endsWith(":compare"));
        for (Claim c : spec.claims) {
            String at = c.where() == null || c.where().isEmpty() ? "" : c.where() + " ";
            if (!compare) {
                throw new RobustlabException(at + "claim '" + c.title() + "' is evaluated by the compare analyzer; add analyze compare");
            }
            for (Claim.Link l : c.links()) {
                for (String m : l.b() == null ? List.of(l.a()) : List.of(l.a(), l.b())) {
                    if (!modelNames.contains(m)) {
                        throw new RobustlabException(at + "claim '" + c.title() + "' names model '" + m + "', which the study does"
                                + " not declare; models: " + String.join(", ", modelNames.stream().sorted().toList()));
                    }
                }
            }
            String metric = c.metric();
            int dot = metric.lastIndexOf('.');
            String source = dot < 0 ? "" : metric.substring(0, dot);
            String what = dot < 0 ? metric : metric.substring(dot + 1);
            boolean ok = source.equals("clean") ? what.equals("accuracy") : labels.contains(source) && CLAIM_METRICS.contains(what);
            String analyzer = ANALYZER_METRICS.entrySet().stream().filter(e -> metric.matches(e.getValue())).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (!ok && analyzer != null) {
                // another analyzer's paired metric: compare reads it from that analyzer's output, so it must run first
                List<String> order = spec.analyzers.stream().map(a -> a.name().substring(a.name().indexOf(':') + 1)).toList();
                if (!order.contains(analyzer) || order.indexOf(analyzer) > order.indexOf("compare")) {
                    throw new RobustlabException(at + "claim '" + c.title() + "': on: '" + metric + "' is estimated by the "
                            + analyzer + " analyzer; list it before compare (analyze " + analyzer + ", compare)");
                }
                ok = true;
            }
            if (!ok) {
                throw new RobustlabException(at + "claim '" + c.title() + "': on: '" + metric + "' is not a metric; use clean.accuracy"
                        + (labels.isEmpty() ? "" : " or <attack>." + String.join(" / <attack>.", CLAIM_METRICS) + " with an attack of the"
                        + " study (" + String.join(", ", labels) + ")") + ", powerlaw.<input>.alpha (input cifar or noise),"
                        + " powerlaw.<input>.rSquared, landscape.roughness or landscape.rangeRoughness");
            }
        }
    }

    /** File labels for attacks: the name, with {@code -2}, {@code -3} … for repeats. */
    static List<String> labels(List<String> names) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            int k = seen.merge(n, 1, Integer::sum);
            out.add(k == 1 ? n : n + "-" + k);
        }
        return out;
    }
}
