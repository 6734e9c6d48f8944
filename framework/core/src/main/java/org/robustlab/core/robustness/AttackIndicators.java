package org.robustlab.core.robustness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.AttackOutcome;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.StudyContext;

/**
 * Indicators of attack failure for one attack on one model (Carlini et al. 2019, "On Evaluating Adversarial
 * Robustness"; Pintor et al. 2022, "Indicators of Attack Failure"), so that "more robust" cannot be an artefact of a
 * weak attack. Five checks, each {@code fired}, {@code passed} or {@code not applicable} with its numbers
 * (docs/robustness.md):
 * <ul>
 *   <li>{@code unboundedSuccess}: at a budget that reaches any point of the box (L∞: its width; L2: width·√D) a
 *       gradient attack must fool every image; those it does not are listed;</li>
 *   <li>{@code ordering}: at every ε, this attack's success is at least that of each weaker attack (fewer gradient
 *       evaluations per image) of the same norm on the same model, up to 5 points;</li>
 *   <li>{@code gradients}: for a gradient attack, the fraction of images whose input gradient is zero, tiny
 *       (‖∇‖₂ · box width &lt; 1e-12) or non-finite, at the clean point and along the attack's path (at each image's
 *       largest non-flipping ε), above 1%;</li>
 *   <li>{@code nonConverged}: the same attack with twice the steps and one more random restart raises the success rate at
 *       the median critical ε by more than 5 points, on a subset;</li>
 *   <li>{@code transfer}: this attack run on another model of the study (a surrogate) fools this model more often than
 *       run on the model itself, by more than 5 points, on the same subset at the same ε.</li>
 * </ul>
 */
public final class AttackIndicators {
    /** More than this fraction of images with a zero, tiny or non-finite gradient fires {@code gradients}. */
    public static final double GRADIENT_FRACTION = 0.01;
    /** ‖∇‖₂ times the box width below this is a vanishing gradient. */
    public static final double TINY = 1e-12;
    /** A stronger variant or a transfer attack beating the attack by more than this success fraction fires. */
    public static final double SUCCESS_TOLERANCE = 0.05;
    private static final int BATCH = 500;
    private static final int LISTED = 100;

    private AttackIndicators() {
    }

    /**
     * One attack on the model.
     *
     * @param strengthened the same attack with twice the steps and one more random restart, or null when it has no steps
     */
    public record Subject(String label, Attack attack, Attack strengthened, AttackOutcome outcome) {
    }

    /**
     * Evaluates the five indicators.
     *
     * @param inputs      the attacked test images in the attack's input space (positions as in the outcome's index)
     * @param others      the other attacks on the same model
     * @param surrogates  other models of the study that take the same inputs, by name
     * @param images      images for the subset checks (non-converged, transfer, path gradients)
     */
    public static Map<String, Object> evaluate(DifferentiableModel model, Dataset inputs, InputBox box, Subject subject,
                                               List<Subject> others, Map<String, DifferentiableModel> surrogates, int images,
                                               String purpose, StudyContext ctx) {
        AttackOutcome o = subject.outcome();
        Dataset correct = inputs.select(o.index());
        int m = Math.min(images, o.index().length);
        int[] first = new int[m];
        Arrays.setAll(first, i -> i);
        Dataset sub = correct.select(first);
        double eps = medianCriticalEpsilon(o, m);
        Map<String, Object> ind = new LinkedHashMap<>();
        ind.put("unboundedSuccess", unboundedSuccess(model, subject.attack(), correct, o.index(), box, purpose, ctx));
        ind.put("ordering", ordering(subject, others));
        ind.put("gradients", gradients(model, subject.attack(), correct, sub, o, box, purpose, ctx));
        ind.put("nonConverged", nonConverged(model, subject, sub, eps, box, purpose, ctx));
        ind.put("transfer", transfer(model, subject.attack(), sub, eps, surrogates, box, purpose, ctx));
        List<String> fired = new ArrayList<>();
        ind.forEach((k, v) -> {
            if ("fired".equals(((Map<?, ?>) v).get("status"))) {
                fired.add(k);
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", o.model());
        out.put("attack", subject.label());
        out.put("correctImages", o.index().length);
        out.put("subsetImages", m);
        out.put("subsetEpsilon", eps);
        out.put("fired", fired);
        out.put("indicators", ind);
        return out;
    }

    /** The median critical ε of the first {@code m} images, censored ones counting as never flipped (then the largest ε tried). */
    static double medianCriticalEpsilon(AttackOutcome o, int m) {
        double[] e = new double[m];
        double largest = 0;
        for (int i = 0; i < m; i++) {
            e[i] = o.censored()[i] ? Double.POSITIVE_INFINITY : o.criticalEpsilon()[i];
            largest = Math.max(largest, o.criticalEpsilon()[i]);
        }
        Arrays.sort(e);
        double med = m == 0 ? Double.NaN : e[(m - 1) / 2];
        return Double.isInfinite(med) ? largest : med;
    }

    private static Map<String, Object> status(boolean fired) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", fired ? "fired" : "passed");
        return s;
    }

    private static Map<String, Object> notApplicable(String reason) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", "not applicable");
        s.put("reason", reason);
        return s;
    }

    private static boolean gradientBased(Attack a) {
        return a.gradientEvaluations() > 0 && a.boundedByEpsilon();
    }

    /** Which images {@code attack} fools at a budget per image. */
    static boolean[] fooled(DifferentiableModel model, Attack attack, Dataset data, double[] eps, String purpose,
                            StudyContext ctx, InputBox box) {
        return fooled(model, model, attack, data, eps, purpose, ctx, box);
    }

    /** Which images the examples {@code attack} crafts on {@code crafter} fool {@code judge} on, a budget per image. */
    static boolean[] fooled(DifferentiableModel crafter, DifferentiableModel judge, Attack attack, Dataset data, double[] eps,
                            String purpose, StudyContext ctx, InputBox box) {
        boolean[] f = new boolean[data.size()];
        for (int from = 0; from < data.size(); from += BATCH) {
            int to = Math.min(data.size(), from + BATCH);
            Dataset b = data.slice(from, to);
            INDArray adv = attack.perturb(crafter, b.features(), b.labels(), Arrays.copyOfRange(eps, from, to),
                    ctx.random(purpose + ":" + from), box);
            int[] pred = judge.predict(adv);
            for (int i = from; i < to; i++) {
                f[i] = pred[i - from] != b.labels()[i - from];
            }
        }
        return f;
    }

    private static double rate(boolean[] f) {
        int k = 0;
        for (boolean b : f) {
            k += b ? 1 : 0;
        }
        return f.length == 0 ? Double.NaN : (double) k / f.length;
    }

    /** A budget that reaches every point of the box (or twice the data's extent when the box is unbounded). */
    static double unboundedEpsilon(Attack attack, Dataset data, InputBox box) {
        org.robustlab.api.Norm norm = attack.normType();
        if (!Double.isInfinite(box.hi()) && !Double.isInfinite(box.lo())) {
            return norm.diameter(box.hi() - box.lo(), data.dimension());
        }
        return 2 * norm.rowNorms(data.features()).maxNumber().doubleValue();
    }

    private static Map<String, Object> unboundedSuccess(DifferentiableModel model, Attack attack, Dataset correct, int[] index,
                                                        InputBox box, String purpose, StudyContext ctx) {
        if (!gradientBased(attack)) {
            return notApplicable("not a gradient attack bounded by its ε");
        }
        if (correct.size() == 0) {
            return notApplicable("no correctly classified image");
        }
        double eps = unboundedEpsilon(attack, correct, box);
        double[] e = new double[correct.size()];
        Arrays.fill(e, eps);
        boolean[] f = fooled(model, attack, correct, e, purpose + " unbounded", ctx, box);
        List<Integer> missed = new ArrayList<>();
        for (int i = 0; i < f.length; i++) {
            if (!f[i]) {
                missed.add(index[i]);
            }
        }
        Map<String, Object> s = status(!missed.isEmpty());
        s.put("epsilon", eps);
        s.put("images", f.length);
        s.put("notFooled", missed.size());
        s.put("notFooledIndex", missed.subList(0, Math.min(LISTED, missed.size())));
        return s;
    }

    private static Map<String, Object> ordering(Subject subject, List<Subject> others) {
        Attack a = subject.attack();
        if (!a.boundedByEpsilon()) {
            return notApplicable("the attack is not bounded by its ε");
        }
        List<Map<String, Object>> pairs = new ArrayList<>();
        int violations = 0;
        for (Subject w : others) {
            Attack b = w.attack();
            if (!b.boundedByEpsilon() || b.normType() != a.normType() || b.gradientEvaluations() >= a.gradientEvaluations()
                    || !w.outcome().space().equals(subject.outcome().space())) {
                continue;
            }
            Map<String, Object> p = compareCurves(subject.outcome(), w.outcome());
            p.put("weaker", w.label());
            violations += (int) p.get("violations");
            pairs.add(p);
        }
        if (pairs.isEmpty()) {
            return notApplicable("no weaker attack of the same norm on this model");
        }
        double worst = pairs.stream().mapToDouble(p -> (double) p.get("largestExcess")).max().orElse(0);
        // a handful of images where one step beats many is common on non-linear models; beyond the tolerance it is not
        Map<String, Object> s = status(worst > SUCCESS_TOLERANCE);
        s.put("violations", violations);
        s.put("largestExcess", worst);
        s.put("tolerance", SUCCESS_TOLERANCE);
        s.put("against", pairs);
        return s;
    }

    /** Success of both attacks (from per-image critical ε) at every ε of either grid inside both ranges. */
    static Map<String, Object> compareCurves(AttackOutcome strong, AttackOutcome weak) {
        Map<Integer, Integer> pos = new HashMap<>();
        for (int i = 0; i < weak.index().length; i++) {
            pos.put(weak.index()[i], i);
        }
        List<double[]> pairs = new ArrayList<>(); // {strong critical or inf, weak critical or inf}
        for (int i = 0; i < strong.index().length; i++) {
            Integer j = pos.get(strong.index()[i]);
            if (j != null) {
                pairs.add(new double[]{strong.censored()[i] ? Double.POSITIVE_INFINITY : strong.criticalEpsilon()[i],
                        weak.censored()[j] ? Double.POSITIVE_INFINITY : weak.criticalEpsilon()[j]});
            }
        }
        double lo = Math.max(min(strong.epsilons()), min(weak.epsilons()));
        double hi = Math.min(max(strong.epsilons()), max(weak.epsilons()));
        double[] points = java.util.stream.DoubleStream.concat(Arrays.stream(strong.epsilons()), Arrays.stream(weak.epsilons()))
                .filter(e -> e >= lo && e <= hi).sorted().distinct().toArray();
        int violations = 0;
        double worst = 0;
        double worstAt = Double.NaN;
        for (double e : points) {
            int s = 0;
            int w = 0;
            for (double[] p : pairs) {
                s += p[0] <= e ? 1 : 0;
                w += p[1] <= e ? 1 : 0;
            }
            if (w > s) {
                violations++;
                double excess = (double) (w - s) / pairs.size();
                if (excess > worst) {
                    worst = excess;
                    worstAt = e;
                }
            }
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("points", points.length);
        p.put("violations", violations);
        p.put("largestExcess", worst);
        p.put("largestExcessAt", worstAt);
        return p;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** Counts of zero, tiny and non-finite input gradients of the loss at {@code x}. */
    static int[] badGradients(DifferentiableModel model, Dataset data, double width) {
        int[] c = new int[3];
        for (int from = 0; from < data.size(); from += BATCH) {
            int to = Math.min(data.size(), from + BATCH);
            Dataset b = data.slice(from, to);
            INDArray g = model.lossInputGradient(b.features(), b.labels()).castTo(DataType.DOUBLE);
            INDArray norms = g.norm2(1);
            for (int i = 0; i < to - from; i++) {
                double v = norms.getDouble(i);
                if (!Double.isFinite(v)) {
                    c[2]++;
                } else if (v == 0) {
                    c[0]++;
                } else if (v * width < TINY) {
                    c[1]++;
                }
            }
        }
        return c;
    }

    private static Map<String, Object> gradientCounts(int[] c, int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", n);
        m.put("zero", c[0]);
        m.put("tiny", c[1]);
        m.put("nonFinite", c[2]);
        m.put("fraction", n == 0 ? 0.0 : (double) (c[0] + c[1] + c[2]) / n);
        return m;
    }

    private static Map<String, Object> gradients(DifferentiableModel model, Attack attack, Dataset correct, Dataset sub,
                                                 AttackOutcome o, InputBox box, String purpose, StudyContext ctx) {
        if (!gradientBased(attack)) {
            return notApplicable("not a gradient attack: its success does not depend on the gradient");
        }
        double width = Double.isInfinite(box.hi()) || Double.isInfinite(box.lo())
                ? correct.size() == 0 ? 1 : correct.features().maxNumber().doubleValue() - correct.features().minNumber().doubleValue()
                : box.hi() - box.lo();
        Map<String, Object> clean = gradientCounts(badGradients(model, correct, width), correct.size());
        Map<String, Object> path;
        {
            // the attack's point at each image's largest budget that did not flip it (the clean image if none did not)
            double[] eps = new double[sub.size()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = o.censored()[i] ? o.criticalEpsilon()[i] : o.epsilonLower()[i];
            }
            INDArray adv = sub.features().dup();
            for (int from = 0; from < sub.size(); from += BATCH) {
                int to = Math.min(sub.size(), from + BATCH);
                Dataset b = sub.slice(from, to);
                INDArray part = attack.perturb(model, b.features(), b.labels(), Arrays.copyOfRange(eps, from, to),
                        ctx.random(purpose + " path:" + from), box);
                for (int i = from; i < to; i++) {
                    adv.putRow(i, part.getRow(i - from).castTo(adv.dataType()));
                }
            }
            Dataset onPath = new Dataset(sub.name(), adv, sub.labels(), sub.classNames(), sub.imageShape(), sub.checksums());
            path = gradientCounts(badGradients(model, onPath, width), sub.size());
        }
        double worst = Math.max((double) clean.get("fraction"), (double) path.get("fraction"));
        Map<String, Object> s = status(worst > GRADIENT_FRACTION);
        s.put("threshold", GRADIENT_FRACTION);
        s.put("clean", clean);
        s.put("path", path);
        return s;
    }

    private static Map<String, Object> nonConverged(DifferentiableModel model, Subject subject, Dataset sub, double eps,
                                                    InputBox box, String purpose, StudyContext ctx) {
        if (subject.strengthened() == null) {
            return notApplicable("the attack has no steps to double");
        }
        if (sub.size() == 0 || !(eps > 0)) {
            return notApplicable("no image to attack");
        }
        double[] e = new double[sub.size()];
        Arrays.fill(e, eps);
        double base = rate(fooled(model, subject.attack(), sub, e, purpose + " as run", ctx, box));
        double strong = rate(fooled(model, subject.strengthened(), sub, e, purpose + " strengthened", ctx, box));
        Map<String, Object> s = status(strong - base > SUCCESS_TOLERANCE);
        s.put("epsilon", eps);
        s.put("images", sub.size());
        s.put("success", base);
        s.put("successStrengthened", strong);
        s.put("tolerance", SUCCESS_TOLERANCE);
        return s;
    }

    private static Map<String, Object> transfer(DifferentiableModel model, Attack attack, Dataset sub, double eps,
                                                Map<String, DifferentiableModel> surrogates, InputBox box, String purpose,
                                                StudyContext ctx) {
        if (!gradientBased(attack)) {
            return notApplicable("not a gradient attack: nothing is crafted on the model");
        }
        if (surrogates.isEmpty()) {
            return notApplicable("no other model of the study takes the same inputs");
        }
        if (sub.size() == 0 || !(eps > 0)) {
            return notApplicable("no image to attack");
        }
        double[] e = new double[sub.size()];
        Arrays.fill(e, eps);
        double own = rate(fooled(model, attack, sub, e, purpose + " white-box", ctx, box));
        Map<String, Object> rates = new LinkedHashMap<>();
        double best = 0;
        for (Map.Entry<String, DifferentiableModel> s : surrogates.entrySet()) {
            // crafted on the surrogate, judged by the model
            double r = rate(fooled(s.getValue(), model, attack, sub, e, purpose + " transfer " + s.getKey(), ctx, box));
            rates.put(s.getKey(), r);
            best = Math.max(best, r);
        }
        Map<String, Object> s = status(best - own > SUCCESS_TOLERANCE);
        s.put("epsilon", eps);
        s.put("images", sub.size());
        s.put("whiteBoxSuccess", own);
        s.put("transferSuccess", rates);
        s.put("tolerance", SUCCESS_TOLERANCE);
        return s;
    }
}
