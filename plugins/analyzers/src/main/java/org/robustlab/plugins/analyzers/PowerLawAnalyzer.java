package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Param;
import org.robustlab.api.Progress;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;

/**
 * Power-law fits of the spectra of {@code spectrum} (same inputs, docs/methods.md §5): α by least
 * squares on log λ̃_n vs log n in a rank window, its standard error, r², the Stringer 1/n-weighted
 * variant, a bootstrap interval over resampled inputs, and the white-noise calibration slope
 * (the slope fitted to the noise inputs' own spectrum, whose true value is 0). Scale-test curves
 * are fitted too (window clipped to their width). Writes {@code analyses/powerlaw/fits.csv|json}.
 */
@Extension
public class PowerLawAnalyzer implements Analyzer {
    /** Does not read the study's claims: its result stays reusable when they change. */
    @Override
    public boolean readsClaims() {
        return false;
    }

    static final String DIR = "analyses/powerlaw/";

    @Param(description = "test images used (0 = all); the noise set has as many samples", min = 0)
    int samples = 0;

    @Param(description = "rank window [first, last] for spectra on images")
    int[] imageWindow = {11, 500};

    @Param(description = "rank window [first, last] for spectra on white noise")
    int[] noiseWindow = {11, 100};

    @Param(description = "bootstrap resamples of the inputs for the interval alpha ± 1.96 SD (0 = none)", min = 0)
    int bootstrap = 20;

    @Param(description = "r² below which a fit is flagged as not a power law", min = 0, max = 1)
    double minR2 = 0.9;

    @Param(description = "widths h of the scale test (as in spectrum)")
    int[] scales = {10, 50, 100, 500, 1000, 1500, 2000};

    @Override
    public String name() {
        return "powerlaw";
    }

    @Override
    public String description() {
        return "power-law exponent alpha of each spectrum with SE, r², 1/n-weighted fit, bootstrap CI and noise calibration";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        return List.of(SiteView.of(SiteView.POWER_LAW_FITS, "Power-law fits", DIR + "fits.json"),
                SiteView.of(SiteView.TABLE, "Differences in alpha between trained models (paired bootstrap)",
                        DIR + "differences.csv"));
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        checkWindow("imageWindow", imageWindow);
        checkWindow("noiseWindow", noiseWindow);
        List<SpectrumSources.Input> inputs = SpectrumSources.inputs(request, samples, ctx);
        List<SpectrumSources.Subject> subjects = SpectrumSources.subjects(request.models());
        List<Map<String, Object>> fits = new ArrayList<>();
        double[] noiseSpectrum = null; // the white-noise inputs' own spectrum: the calibration reference
        Map<String, Object> summary = new LinkedHashMap<>();
        // input → trained model → (alpha, its bootstrap alphas on the input's shared resamples), for paired differences
        Map<String, Map<String, double[][]>> trainedAlphas = new LinkedHashMap<>();
        try (Progress progress = ctx.progress("powerlaw", (long) inputs.size() * subjects.size())) {
            List<SpectrumSources.Input> noiseFirst = new ArrayList<>(inputs);
            Collections.reverse(noiseFirst); // the noise's own spectrum calibrates every fit
            for (SpectrumSources.Input input : noiseFirst) {
                int[] window = window(input.name());
                // one set of resamples per input, shared by every subject: differences between models are paired
                List<int[]> resamples = resamples((int) input.x().rows(),
                        ctx.random("analysis/powerlaw/bootstrap/" + input.name()));
                for (SpectrumSources.Subject subject : subjects) {
                    progress.message(input.name() + " " + subject.key());
                    INDArray reps = subject.represent(input.x());
                    for (SpectrumSources.Curve c : SpectrumSources.curves(input.name(), subject, reps, scales, ctx)) {
                        if (c.input().equals(SpectrumSources.NOISE) && subject.model() == null && !c.scale()) {
                            noiseSpectrum = c.eigenvalues();
                        }
                        Map<String, Object> row = fitRow(c, window, noiseSpectrum);
                        if (!c.scale()) {
                            double[] alphas = addBootstrap(row, reps, window, resamples);
                            if (subject.model() != null && "trained".equals(subject.state())) {
                                trainedAlphas.computeIfAbsent(input.name(), k -> new LinkedHashMap<>()).put(subject.name(),
                                        new double[][]{{((Number) row.get("alpha")).doubleValue()}, alphas});
                            }
                            summary.put(input.name() + " " + subject.key(), String.format(Locale.ROOT, "alpha %.3f ± %.3f (r² %.3f)",
                                    row.get("alpha"), row.get("stdError"), row.get("rSquared")));
                        }
                        fits.add(row);
                    }
                    progress.step();
                }
            }
        }
        List<String> header = List.of("input", "subject", "state", "units", "scale", "first", "last", "alpha", "stdError",
                "rSquared", "poorFit", "alphaWeighted", "stdErrorWeighted", "rSquaredWeighted", "ciLow", "ciHigh",
                "bootstrap", "bootstrapMean", "calibrationAlpha", "rSquaredCiLow", "rSquaredCiHigh");
        List<List<?>> rows = new ArrayList<>();
        for (Map<String, Object> f : fits) {
            rows.add(header.stream().map(h -> f.getOrDefault(h, "")).toList());
        }
        ctx.files().writeCsv(DIR + "fits.csv", header, rows);
        List<List<?>> differences = differences(trainedAlphas);
        ctx.files().writeCsv(DIR + "differences.csv", List.of("input", "a", "b", "alpha_a_minus_b", "bootstrapSd", "ciLow",
                "ciHigh", "verdict"), differences);
        PairedMetrics.write(ctx, DIR, pairedMetrics(fits, differences));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("imageWindow", imageWindow);
        json.put("noiseWindow", noiseWindow);
        json.put("minR2", minR2);
        json.put("bootstrap", bootstrap);
        json.put("fits", fits);
        ctx.files().writeJson(DIR + "fits.json", json);
        summary.put("files", List.of(DIR + "fits.csv", DIR + "fits.json", DIR + "differences.csv", DIR + PairedMetrics.FILE));
        return summary;
    }

    private int[] window(String input) {
        return input.equals(SpectrumSources.NOISE) ? noiseWindow : imageWindow;
    }

    private Map<String, Object> fitRow(SpectrumSources.Curve c, int[] window, double[] noise) {
        PowerLawFit plain = PowerLawFit.fit(c.eigenvalues(), window[0], window[1], false);
        PowerLawFit weighted = PowerLawFit.fit(c.eigenvalues(), window[0], window[1], true);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("input", c.input());
        row.put("subject", c.subject().name());
        row.put("state", c.subject().state());
        row.put("units", c.units());
        row.put("scale", c.scale());
        row.put("first", plain.first());
        row.put("last", plain.last());
        row.put("alpha", plain.alpha());
        row.put("stdError", plain.stdError());
        row.put("rSquared", plain.rSquared());
        row.put("intercept", plain.intercept());
        row.put("poorFit", !plain.valid() || plain.rSquared() < minR2);
        row.put("alphaWeighted", weighted.alpha());
        row.put("stdErrorWeighted", weighted.stdError());
        row.put("rSquaredWeighted", weighted.rSquared());
        row.put("calibrationAlpha", noise == null ? Double.NaN
                : PowerLawFit.fit(noise, plain.first(), Math.max(plain.first(), plain.last()), false).alpha());
        return row;
    }

    /**
     * α(a) − α(b) for every pair of trained models on each input, with the normal interval of the paired bootstrap
     * (both fitted on the same resampled inputs; normal for the reason given at {@link #addBootstrap}).
     */
    /**
     * α of every trained model (all units) per input as {@code powerlaw.<input>.alpha}, with the paired differences,
     * for claims evaluated by compare.
     */
    static List<PairedMetrics.Metric> pairedMetrics(List<Map<String, Object>> fits, List<List<?>> differences) {
        Map<String, List<PairedMetrics.Value>> values = new LinkedHashMap<>();
        Map<String, List<PairedMetrics.Value>> r2 = new LinkedHashMap<>();
        for (Map<String, Object> f : fits) {
            if ("trained".equals(f.get("state")) && Boolean.FALSE.equals(f.get("scale"))) {
                values.computeIfAbsent((String) f.get("input"), k -> new ArrayList<>()).add(new PairedMetrics.Value(
                        (String) f.get("subject"), PairedMetrics.number(f.get("alpha")), PairedMetrics.number(f.get("ciLow")),
                        PairedMetrics.number(f.get("ciHigh"))));
                r2.computeIfAbsent((String) f.get("input"), k -> new ArrayList<>()).add(new PairedMetrics.Value(
                        (String) f.get("subject"), PairedMetrics.number(f.get("rSquared")), PairedMetrics.number(f.get("rSquaredCiLow")),
                        PairedMetrics.number(f.get("rSquaredCiHigh"))));
            }
        }
        List<PairedMetrics.Metric> out = new ArrayList<>();
        for (Map.Entry<String, List<PairedMetrics.Value>> e : values.entrySet()) {
            List<PairedMetrics.Difference> diffs = differences.stream().filter(r -> r.get(0).equals(e.getKey()))
                    .map(r -> new PairedMetrics.Difference((String) r.get(1), (String) r.get(2), PairedMetrics.number(r.get(3)),
                            PairedMetrics.number(r.get(5)), PairedMetrics.number(r.get(6)))).toList();
            out.add(new PairedMetrics.Metric("powerlaw." + e.getKey() + ".alpha", e.getValue(), diffs));
            // r² per model for band claims ("a power law": r² within [0.9, 1]); no pairwise differences
            out.add(new PairedMetrics.Metric("powerlaw." + e.getKey() + ".rSquared", r2.get(e.getKey()), List.of()));
        }
        return out;
    }

    private List<List<?>> differences(Map<String, Map<String, double[][]>> trainedAlphas) {
        List<List<?>> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, double[][]>> in : trainedAlphas.entrySet()) {
            List<String> names = new ArrayList<>(in.getValue().keySet());
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    double[][] a = in.getValue().get(names.get(i));
                    double[][] b = in.getValue().get(names.get(j));
                    double point = a[0][0] - b[0][0];
                    double sd = bootstrapSd(a[1], b[1]);
                    double lo = point - 1.96 * sd;
                    double hi = point + 1.96 * sd;
                    String verdict = !(sd >= 0) ? "undecided" : lo > 0 ? "a steeper" : hi < 0 ? "b steeper" : "undecided";
                    out.add(List.of(in.getKey(), names.get(i), names.get(j), point, sd, lo, hi, verdict));
                }
            }
        }
        return out;
    }

    /** SD of the paired differences a[r] − b[r]; NaN with fewer than two resamples. */
    static double bootstrapSd(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int r = 0; r < a.length; r++) {
            d[r] = a[r] - b[r];
        }
        return sd(d);
    }

    private List<int[]> resamples(int n, Random rng) {
        List<int[]> out = new ArrayList<>();
        for (int b = 0; b < bootstrap; b++) {
            out.add(org.robustlab.numerics.Sampling.resample(n, rng));
        }
        return out;
    }

    /** As {@link #addBootstrap(Map, INDArray, int[], List)} on {@code bootstrap} fresh resamples drawn from {@code rng}. */
    double[] addBootstrap(Map<String, Object> row, INDArray reps, int[] window, Random rng) {
        return addBootstrap(row, reps, window, resamples((int) reps.rows(), rng));
    }

    /**
     * Bootstrap over inputs resampled with replacement. Duplicated inputs lower the effective rank
     * and steepen a sample spectrum, so the bootstrap distribution of α is shifted (on CIFAR by
     * about +0.2) and percentile intervals miss the estimate; the interval reported is therefore
     * the normal one, α̂ ± 1.96 · SD of the bootstrap α, and the bootstrap mean is recorded to show the shift.
     * Returns the bootstrap α of each resample (empty with fewer than two), for paired differences between subjects.
     */
    double[] addBootstrap(Map<String, Object> row, INDArray reps, int[] window, List<int[]> resamples) {
        int bootstrap = resamples.size();
        row.put("bootstrap", bootstrap);
        double alpha = ((Number) row.get("alpha")).doubleValue();
        if (bootstrap < 2) {
            row.put("ciLow", Double.NaN);
            row.put("ciHigh", Double.NaN);
            row.put("bootstrapMean", Double.NaN);
            row.put("rSquaredCiLow", Double.NaN);
            row.put("rSquaredCiHigh", Double.NaN);
            return new double[0];
        }
        double[] alphas = new double[bootstrap];
        double[] r2 = new double[bootstrap];
        for (int b = 0; b < bootstrap; b++) {
            PowerLawFit f = PowerLawFit.fit(Spectra.eigenvalues(reps.getRows(resamples.get(b))), window[0], window[1], false);
            alphas[b] = f.alpha();
            r2[b] = f.rSquared();
        }
        double sd = sd(alphas);
        row.put("ciLow", alpha - 1.96 * sd);
        row.put("ciHigh", alpha + 1.96 * sd);
        row.put("bootstrapMean", Arrays.stream(alphas).average().orElse(Double.NaN));
        // the same normal interval for the fit's r² (is the spectrum a power law?), cut at 1, where r² ends
        if (row.get("rSquared") instanceof Number rSquared) {
            double r2sd = sd(r2);
            row.put("rSquaredCiLow", Math.min(1, rSquared.doubleValue() - 1.96 * r2sd));
            row.put("rSquaredCiHigh", Math.min(1, rSquared.doubleValue() + 1.96 * r2sd));
        }
        return alphas;
    }

    /** Sample standard deviation (n − 1); NaN with fewer than two values. */
    private static double sd(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / (x.length - 1));
    }

    private static void checkWindow(String name, int[] w) {
        if (w.length != 2 || w[0] < 1 || w[1] < w[0] + PowerLawFit.MIN_POINTS - 1) {
            throw new RobustlabException("powerlaw parameter '" + name + "' must be [first, last] with 1 <= first and at least "
                    + PowerLawFit.MIN_POINTS + " ranks, got " + Arrays.toString(w) + "; e.g. " + name + ": [11, 500]");
        }
    }
}
