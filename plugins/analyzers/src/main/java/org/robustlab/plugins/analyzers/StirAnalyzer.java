package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Dataset;
import org.robustlab.api.Param;
import org.robustlab.api.Progress;
import org.robustlab.api.Quantiles;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.numerics.Products;

/**
 * STIR shared invariance (Nanda et al. 2022; docs/methods.md §7). For each reference model m1, inputs
 * X′ that m1 represents like the test images X are found by representation inversion; then
 * STIR(m2 | m1) = linear CKA(m2(X), m2(X′)) over all samples, for every m2. Also plain
 * CKA(m1(X), m2(X)), bootstrap intervals (resampling the samples), and the inversion's loss per
 * reference model. Writes {@code analyses/stir/}.
 */
@Extension
public class StirAnalyzer implements Analyzer {
    /** Does not read the study's claims: its result stays reusable when they change. */
    @Override
    public boolean readsClaims() {
        return false;
    }

    static final String DIR = "analyses/stir/";

    @Param(description = "test images inverted per reference model", min = 4)
    int samples = 500;

    @Param(description = "inversion steps", min = 1)
    int steps = 1000;

    @Param(description = "inversion step length (L2, pixel space)", min = 0)
    double stepSize = 0.5;

    @Param(description = "bootstrap resamples for the intervals (0 = none)", min = 0)
    int bootstrap = 100;

    @Override
    public String name() {
        return "stir";
    }

    @Override
    public String description() {
        return "shared invariance STIR(m2|m1) by representation inversion, with CKA and bootstrap intervals";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        return List.of(SiteView.of(SiteView.STIR, "STIR shared invariance", DIR + "stir.json"));
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        if (request.models().isEmpty()) {
            throw new RobustlabException("stir needs at least one model; add e.g. encoder mlp");
        }
        List<String> names = new ArrayList<>(request.models().keySet());
        Dataset images = AnalysisInputs.testSubset(request.test(), samples, ctx, "analysis/stir/images");
        INDArray x = images.features().castTo(ctx.dataType());
        int n = (int) x.rows();
        Map<String, INDArray> reps = new LinkedHashMap<>();
        Map<String, double[][]> grams = new LinkedHashMap<>();
        for (String m : names) {
            INDArray r = Representations.hidden(request.models().get(m), x).castTo(DataType.DOUBLE);
            reps.put(m, r);
            grams.put(m, Products.timesTransposed(r, r).toDoubleMatrix());
        }
        int[][] resamples = resamples(n, ctx.random("analysis/stir/bootstrap"));
        int k = names.size();
        Interval[][] stir = new Interval[k][k];
        Interval[][] cka = new Interval[k][k];
        List<Map<String, Object>> inversion = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cka[i][j] = interval(reps.get(names.get(i)), reps.get(names.get(j)),
                        grams.get(names.get(i)), grams.get(names.get(j)), resamples);
            }
        }
        try (Progress progress = ctx.progress("stir inversion", (long) k * steps)) {
            for (int i = 0; i < k; i++) {
                String ref = names.get(i);
                TrainedModel m1 = request.models().get(ref);
                progress.message(ref);
                INDArray seeds = AnalysisInputs.whiteNoise(n, images.dimension(), ctx.dataType(), ctx, "analysis/stir/seeds/" + ref);
                RepresentationInversion.Result inv = RepresentationInversion.invert(
                        m1, reps.get(ref), seeds, steps, stepSize, progress);
                ctx.files().writeNpy(DIR + "inverted-" + AnalysisInputs.fileName(ref) + ".npy", inv.inverted());
                inversion.add(inversionEntry(ref, inv));
                for (int j = 0; j < k; j++) {
                    TrainedModel m2 = request.models().get(names.get(j));
                    INDArray prime = Representations.hidden(m2, inv.inverted()).castTo(DataType.DOUBLE);
                    stir[i][j] = interval(reps.get(names.get(j)), prime, grams.get(names.get(j)),
                            Products.timesTransposed(prime, prime).toDoubleMatrix(), resamples);
                }
            }
        }
        return write(ctx, names, n, stir, cka, inversion);
    }

    /** Point estimate over all samples and a percentile bootstrap interval. */
    record Interval(double value, double low, double high) {
    }

    private Interval interval(INDArray a, INDArray b, double[][] ga, double[][] gb, int[][] resamples) {
        double value = Cka.linear(a, b);
        if (resamples.length == 0) {
            return new Interval(value, Double.NaN, Double.NaN);
        }
        double[] boot = new double[resamples.length];
        for (int r = 0; r < resamples.length; r++) {
            boot[r] = Cka.linearResampled(ga, gb, resamples[r]);
        }
        java.util.Arrays.sort(boot);
        return new Interval(value, Quantiles.ofSorted(boot, 0.025), Quantiles.ofSorted(boot, 0.975));
    }

    private int[][] resamples(int n, Random rng) {
        int[][] out = new int[bootstrap][];
        for (int b = 0; b < bootstrap; b++) {
            out[b] = org.robustlab.numerics.Sampling.resample(n, rng);
        }
        return out;
    }

    private static Map<String, Object> inversionEntry(String ref, RepresentationInversion.Result inv) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("reference", ref);
        e.put("initialLossMedian", Quantiles.median(inv.initialLoss()));
        e.put("finalLossMedian", Quantiles.median(inv.finalLoss()));
        e.put("finalLossMean", java.util.Arrays.stream(inv.finalLoss()).average().orElse(Double.NaN));
        e.put("finalLossMax", java.util.Arrays.stream(inv.finalLoss()).max().orElse(Double.NaN));
        e.put("medianLossCurve", inv.medianCurve());
        return e;
    }

    private Map<String, Object> write(StudyContext ctx, List<String> names, int n, Interval[][] stir, Interval[][] cka,
                                      List<Map<String, Object>> inversion) {
        List<List<?>> stirRows = new ArrayList<>();
        List<List<?>> ckaRows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                stirRows.add(List.of(names.get(i), names.get(j), stir[i][j].value(), stir[i][j].low(), stir[i][j].high()));
                ckaRows.add(List.of(names.get(i), names.get(j), cka[i][j].value(), cka[i][j].low(), cka[i][j].high()));
            }
        }
        ctx.files().writeCsv(DIR + "stir.csv", List.of("reference", "model", "stir", "low", "high"), stirRows);
        ctx.files().writeCsv(DIR + "cka.csv", List.of("model1", "model2", "cka", "low", "high"), ckaRows);
        ctx.files().writeCsv(DIR + "inversion.csv", List.of("reference", "initial_loss_median", "final_loss_median",
                "final_loss_mean", "final_loss_max"), inversion.stream().map(e -> List.of(e.get("reference"),
                e.get("initialLossMedian"), e.get("finalLossMedian"), e.get("finalLossMean"), e.get("finalLossMax"))).toList());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("models", names);
        json.put("samples", n);
        json.put("steps", steps);
        json.put("stepSize", stepSize);
        json.put("bootstrap", bootstrap);
        json.put("rowsAre", "reference model m1; columns are m2; entry = STIR(m2 | m1)");
        json.put("stir", matrix(stir));
        json.put("cka", matrix(cka));
        json.put("inversion", inversion);
        ctx.files().writeJson(DIR + "stir.json", json);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                if (i != j) {
                    summary.put("STIR(" + names.get(j) + "|" + names.get(i) + ")", String.format(Locale.ROOT, "%.3f [%.3f, %.3f]",
                            stir[i][j].value(), stir[i][j].low(), stir[i][j].high()));
                }
            }
        }
        for (Map<String, Object> e : inversion) {
            summary.put("inversion " + e.get("reference"), String.format(Locale.ROOT, "median relative loss %.3g -> %.3g",
                    e.get("initialLossMedian"), e.get("finalLossMedian")));
        }
        summary.put("files", List.of(DIR + "stir.json", DIR + "stir.csv", DIR + "cka.csv"));
        return summary;
    }

    private static Map<String, Object> matrix(Interval[][] m) {
        int k = m.length;
        double[][] v = new double[k][k], lo = new double[k][k], hi = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                v[i][j] = m[i][j].value();
                lo[i][j] = m[i][j].low();
                hi[i][j] = m[i][j].high();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("value", v);
        out.put("low", lo);
        out.put("high", hi);
        return out;
    }
}
