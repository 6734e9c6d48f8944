package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.AttackOutcome;
import org.robustlab.api.Claim;
import org.robustlab.api.Param;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;

/**
 * Claims with confidence intervals: for every model, clean accuracy and, per attack, the median critical distance
 * (by the {@code censored} rule; and under both rules by name, {@code medianCriticalDistanceDrop} and
 * {@code medianCriticalDistanceKM}) and the area under the relative-accuracy curve, each with a percentile bootstrap CI over test images; every
 * pairwise difference with its CI from the same resamples (paired: both models see the same resampled images);
 * and the script's {@code claim}s evaluated link by link as holds (the CI of the difference excludes 0 in the
 * claimed direction), differs (excludes it in the other) or undecided; a link on an attack's metric is undecided
 * whenever an indicator of attack failure fired for either model under that attack (docs/robustness.md). Claims on
 * metrics another analyzer estimated with its own paired resampling ({@link PairedMetrics}: power-law α, landscape
 * roughness) take that analyzer's difference and interval. Writes
 * {@code analyses/compare/}
 * {@code metrics.csv}, {@code differences.csv}, {@code claims.csv} and {@code claims.json}.
 */
@Extension
public class CompareAnalyzer implements Analyzer {
    static final String DIR = "analyses/compare/";

    @Param(description = "bootstrap resamples of the test images", min = 100)
    int bootstrap = 1000;
    @Param(description = "confidence level of the intervals", min = 0.5, max = 0.999)
    double confidence = 0.95;
    @Param(description = "never-flipped images: dropped from the median (the seed code) or right-censored (Kaplan-Meier)",
            choices = {"drop", "km"})
    String censored = "drop";

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String description() {
        return "per-model metrics and pairwise differences with bootstrap CIs; evaluates the script's claims";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        return List.of(SiteView.of(SiteView.CLAIMS, "Claims", DIR + "claims.json"),
                SiteView.of(SiteView.TABLE, "Metrics with bootstrap intervals", DIR + "metrics.csv"),
                SiteView.of(SiteView.TABLE, "Differences between models with bootstrap intervals", DIR + "differences.csv"));
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        if (request.models().isEmpty()) {
            throw new RobustlabException("compare needs at least one model");
        }
        List<String> models = new ArrayList<>(request.models().keySet());
        int n = request.test().size();
        int[][] resamples = Bootstrap.counts(n, bootstrap, ctx.random("analysis/compare/bootstrap"));
        int[] identity = new int[n];
        Arrays.fill(identity, 1);

        // metric → model → statistic of a resample
        Map<String, Map<String, ToDoubleFunction<int[]>>> metrics = new LinkedHashMap<>();
        Map<String, ToDoubleFunction<int[]>> clean = new LinkedHashMap<>();
        for (String m : models) {
            int[] pred = request.models().get(m).predict(request.test().features());
            boolean[] correct = new boolean[n];
            for (int i = 0; i < n; i++) {
                correct[i] = pred[i] == request.test().labels()[i];
            }
            clean.put(m, counts -> {
                long ok = 0;
                long all = 0;
                for (int i = 0; i < n; i++) {
                    ok += correct[i] ? counts[i] : 0;
                    all += counts[i];
                }
                return (double) ok / all;
            });
        }
        metrics.put("clean.accuracy", clean);
        Map<String, List<AttackOutcome>> byLabel = new LinkedHashMap<>();
        for (AttackOutcome o : request.attacks()) {
            if (request.models().containsKey(o.model())) {
                byLabel.computeIfAbsent(o.label(), k -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Map<String, List<String>>> fired = new LinkedHashMap<>(); // attack label → model → indicators
        for (Map.Entry<String, List<AttackOutcome>> e : byLabel.entrySet()) {
            for (AttackOutcome o : e.getValue()) {
                fired.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(o.model(), o.failedIndicators());
            }
        }
        for (Map.Entry<String, List<AttackOutcome>> e : byLabel.entrySet()) {
            double[] grid = commonGrid(e.getValue());
            Map<String, ToDoubleFunction<int[]>> median = new LinkedHashMap<>();
            Map<String, ToDoubleFunction<int[]>> auc = new LinkedHashMap<>();
            // both censoring rules under their own names too, so one run compares them (the seed drops never-flipped images)
            Map<String, ToDoubleFunction<int[]>> dropped = new LinkedHashMap<>();
            Map<String, ToDoubleFunction<int[]>> km = new LinkedHashMap<>();
            for (AttackOutcome o : e.getValue()) {
                RobustnessStatistics st = new RobustnessStatistics(o.index(), o.criticalDistance(), o.censored(),
                        o.criticalEpsilon(), grid);
                median.put(o.model(), "km".equals(censored) ? st::medianKaplanMeier : st::medianDropCensored);
                auc.put(o.model(), st::auc);
                dropped.put(o.model(), st::medianDropCensored);
                km.put(o.model(), st::medianKaplanMeier);
            }
            metrics.put(e.getKey() + ".medianCriticalDistance", median);
            metrics.put(e.getKey() + ".auc", auc);
            metrics.put(e.getKey() + ".medianCriticalDistanceDrop", dropped);
            metrics.put(e.getKey() + ".medianCriticalDistanceKM", km);
        }

        // point estimates and resampled values
        Map<String, Map<String, double[]>> boot = new LinkedHashMap<>();
        List<List<?>> metricRows = new ArrayList<>();
        for (Map.Entry<String, Map<String, ToDoubleFunction<int[]>>> me : metrics.entrySet()) {
            Map<String, double[]> perModel = new LinkedHashMap<>();
            for (Map.Entry<String, ToDoubleFunction<int[]>> mm : me.getValue().entrySet()) {
                double[] values = new double[bootstrap];
                for (int r = 0; r < bootstrap; r++) {
                    values[r] = mm.getValue().applyAsDouble(resamples[r]);
                }
                perModel.put(mm.getKey(), values);
                double[] ci = Bootstrap.percentile(values, confidence);
                metricRows.add(List.of(mm.getKey(), me.getKey(), mm.getValue().applyAsDouble(identity), ci[0], ci[1]));
            }
            boot.put(me.getKey(), perModel);
        }
        List<List<?>> diffRows = new ArrayList<>();
        Map<String, Map<String, Double>> points = new LinkedHashMap<>();
        for (List<?> row : metricRows) {
            points.computeIfAbsent((String) row.get(1), k -> new LinkedHashMap<>()).put((String) row.get(0), (Double) row.get(2));
        }
        for (Map.Entry<String, Map<String, double[]>> me : boot.entrySet()) {
            List<String> ms = new ArrayList<>(me.getValue().keySet());
            for (int i = 0; i < ms.size(); i++) {
                for (int j = i + 1; j < ms.size(); j++) {
                    Difference d = difference(me.getKey(), ms.get(i), ms.get(j), points, boot);
                    diffRows.add(List.of(me.getKey(), ms.get(i), ms.get(j), d.value, d.ciLow, d.ciHigh));
                }
            }
        }

        // metrics other analyzers estimated with their own paired resampling (power-law α, landscape roughness)
        Map<String, PairedMetrics.Metric> paired = PairedMetrics.readAll(ctx);
        List<List<?>> claimRows = new ArrayList<>();
        List<Map<String, Object>> claimJson = new ArrayList<>();
        for (Claim c : request.claims()) {
            PairedMetrics.Metric other = boot.containsKey(c.metric()) ? null : paired.get(c.metric());
            if (!boot.containsKey(c.metric()) && other == null) {
                List<String> known = new ArrayList<>(boot.keySet());
                known.addAll(paired.keySet());
                throw new RobustlabException(c.where() + " claim '" + c.title() + "': metric '" + c.metric() + "' has no results"
                        + " (the attack failed or is not in the study, or its analyzer did not run before compare); metrics: "
                        + String.join(", ", known));
            }
            List<Map<String, Object>> links = new ArrayList<>();
            for (Claim.Link l : c.links()) {
                boolean band = c.within() != null;
                List<String> named = l.b() == null ? List.of(l.a()) : List.of(l.a(), l.b());
                for (String m : named) {
                    if (other == null ? !boot.get(c.metric()).containsKey(m) : other.value(m) == null) {
                        throw new RobustlabException(c.where() + " claim '" + c.title() + "': model '" + m + "' has no "
                                + c.metric() + " (it failed to train or to be attacked" + (other == null ? "" : ", or is not a trained"
                                + " model of the analyzer") + ")");
                    }
                }
                if (other != null) {
                    for (String m : named) {
                        points.computeIfAbsent(c.metric(), k -> new LinkedHashMap<>()).put(m, other.value(m).value());
                    }
                }
                String statistical;
                Difference d; // for a band on one model: its value and interval
                String b; // column b: the other model, or the band of a claim on one model
                String linkText;
                if (band) {
                    if (l.b() == null) { // one model's value
                        d = other != null ? new Difference(other.value(l.a()).value(), other.value(l.a()).ciLow(), other.value(l.a()).ciHigh())
                                : interval(points.get(c.metric()).get(l.a()), boot.get(c.metric()).get(l.a()));
                    } else { // a ~ b: their difference
                        d = other == null ? difference(c.metric(), l.a(), l.b(), points, boot) : difference(other, l.a(), l.b());
                    }
                    double lo = c.within()[0];
                    double hi = c.within()[1];
                    // holds when the whole interval lies in the band, differs when it lies wholly outside
                    statistical = lo <= d.ciLow && d.ciHigh <= hi ? "holds" : d.ciHigh < lo || d.ciLow > hi ? "differs" : "undecided";
                    String range = "[" + lo + ", " + hi + "]";
                    b = l.b() == null ? range : l.b();
                    linkText = l.b() == null ? l.a() + " within " + range : l.a() + " ~ " + l.b() + " within " + range;
                } else {
                    d = other == null ? difference(c.metric(), l.a(), l.b(), points, boot) : difference(other, l.a(), l.b());
                    // a > b holds when the CI of a − b lies above 0; a < b when it lies below
                    double sign = l.relation().equals(">") ? 1 : -1;
                    statistical = d.ciLow * sign > 0 && d.ciHigh * sign > 0 ? "holds"
                            : d.ciLow * sign < 0 && d.ciHigh * sign < 0 ? "differs" : "undecided";
                    b = l.b();
                    linkText = l.a() + " " + l.relation() + " " + l.b();
                }
                // a robustness comparison is only as good as the attack: a fired indicator of attack failure on either
                // model leaves the link undecided whatever the interval says
                String failures = attackFailures(c.metric(), named, fired);
                String verdict = failures.isEmpty() ? statistical : "undecided";
                claimRows.add(List.of(c.title(), c.chain(), c.metric(), linkText, l.a(),
                        l.relation(), b, d.value, d.ciLow, d.ciHigh, verdict, failures));
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("link", linkText);
                link.put("a", l.a());
                link.put("b", b);
                link.put("relation", l.relation());
                link.put("valueA", points.get(c.metric()).get(l.a()));
                if (band) {
                    link.put("band", List.of(c.within()[0], c.within()[1]));
                }
                if (l.b() != null) {
                    link.put("valueB", points.get(c.metric()).get(l.b()));
                }
                link.put("difference", d.value);
                link.put("ciLow", d.ciLow);
                link.put("ciHigh", d.ciHigh);
                link.put("verdict", verdict);
                if (!failures.isEmpty()) {
                    link.put("verdictIgnoringAttackFailure", statistical);
                    link.put("attackFailure", failures);
                }
                for (String m : named) {
                    if (Double.isNaN(points.get(c.metric()).get(m))) {
                        link.put("note", "no estimate of " + c.metric() + " for model '" + m + "' (no image flipped on the"
                                + " grid, or none was classified correctly): the link cannot be decided");
                    }
                }
                links.add(link);
            }
            Map<String, Object> cj = new LinkedHashMap<>();
            cj.put("claim", c.title());
            cj.put("chain", c.chain());
            cj.put("metric", c.metric());
            cj.put("verdict", overall(links));
            cj.put("links", links);
            claimJson.add(cj);
        }

        for (PairedMetrics.Metric m : paired.values()) {
            for (PairedMetrics.Value v : m.values()) {
                metricRows.add(List.of(v.model(), m.name(), v.value(), v.ciLow(), v.ciHigh()));
            }
        }
        ctx.files().writeCsv(DIR + "metrics.csv", List.of("model", "metric", "value", "ci_low", "ci_high"), metricRows);
        ctx.files().writeCsv(DIR + "differences.csv", List.of("metric", "a", "b", "difference_a_minus_b", "ci_low", "ci_high"),
                diffRows);
        ctx.files().writeCsv(DIR + "claims.csv", List.of("claim", "chain", "metric", "link", "a", "relation", "b",
                "difference_a_minus_b", "ci_low", "ci_high", "verdict", "attack_failure"), claimRows);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("confidence", confidence);
        json.put("bootstrap", bootstrap);
        json.put("censored", censored);
        json.put("testImages", n);
        json.put("claims", claimJson);
        ctx.files().writeJson(DIR + "claims.json", json);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("metrics", metrics.keySet());
        summary.put("claims", claimJson.stream().map(c -> c.get("claim") + ": " + c.get("verdict")).toList());
        return summary;
    }

    /**
     * For a metric of an attack ({@code <label>.medianCriticalDistance}, {@code <label>.auc}): the models among
     * {@code models} whose indicators of attack failure fired under that attack, as "model: a, b; …"; else "".
     */
    static String attackFailures(String metric, List<String> models, Map<String, Map<String, List<String>>> fired) {
        int dot = metric.lastIndexOf('.');
        Map<String, List<String>> byModel = dot < 0 ? null : fired.get(metric.substring(0, dot));
        if (byModel == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String m : models) {
            List<String> f = byModel.getOrDefault(m, List.of());
            if (!f.isEmpty()) {
                parts.add(m + ": " + String.join(", ", f));
            }
        }
        return String.join("; ", parts);
    }

    /** holds when every link holds, differs when any link differs, else undecided. */
    static String overall(List<Map<String, Object>> links) {
        if (links.stream().anyMatch(l -> "differs".equals(l.get("verdict")))) {
            return "differs";
        }
        return links.stream().allMatch(l -> "holds".equals(l.get("verdict"))) ? "holds" : "undecided";
    }

    private record Difference(double value, double ciLow, double ciHigh) {
    }

    private Difference difference(String metric, String a, String b, Map<String, Map<String, Double>> points,
                                  Map<String, Map<String, double[]>> boot) {
        double[] va = boot.get(metric).get(a);
        double[] vb = boot.get(metric).get(b);
        double[] d = new double[va.length];
        for (int r = 0; r < d.length; r++) {
            // ∞ − ∞ (both Kaplan–Meier medians beyond the grid) says nothing: NaN, left out of the interval
            d[r] = va[r] - vb[r];
        }
        double[] ci = Bootstrap.percentile(d, confidence);
        return new Difference(points.get(metric).get(a) - points.get(metric).get(b), ci[0], ci[1]);
    }

    /** One model's value with the percentile interval of its bootstrap values. */
    private Difference interval(double value, double[] resampled) {
        double[] ci = Bootstrap.percentile(resampled, confidence);
        return new Difference(value, ci[0], ci[1]);
    }

    /** a − b as the analyzer that estimated the metric stored it; an error when it has no interval for the pair. */
    private static Difference difference(PairedMetrics.Metric metric, String a, String b) {
        PairedMetrics.Difference d = metric.difference(a, b);
        if (d == null && metric.differences().isEmpty()) {
            throw new RobustlabException(metric.name() + " has no differences between models; claim a band on one model"
                    + " instead, e.g. claim '...', '" + a + "', on: '" + metric.name() + "', within: [0.9, 1]");
        }
        if (d == null) {
            throw new RobustlabException(metric.name() + ": no paired difference between '" + a + "' and '" + b + "' in "
                    + PairedMetrics.FILE + " (run its analyzer again with both models)");
        }
        return new Difference(d.difference(), d.ciLow(), d.ciHigh());
    }

    /** The ε values every model of the attack was evaluated at (extension can add different ones per model). */
    static double[] commonGrid(List<AttackOutcome> outcomes) {
        double[] grid = outcomes.get(0).epsilons();
        return Arrays.stream(grid).filter(e -> e > 0 && outcomes.stream().allMatch(o -> Arrays.stream(o.epsilons())
                .anyMatch(x -> x == e))).toArray();
    }
}
