package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Param;
import org.robustlab.api.Progress;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;

/**
 * PCA spectra of the hidden representation (docs/methods.md §5): covariance eigenvalues, descending,
 * of the data, each model at initialisation and trained, on test images and on white noise, plus
 * the scale test. Writes {@code analyses/spectrum/}: one {@code .npy} per spectrum, {@code spectra.csv}
 * (full spectra) and {@code spectra.json} (every curve, with log-spaced points for plotting).
 */
@Extension
public class SpectrumAnalyzer implements Analyzer {
    /** Does not read the study's claims: its result stays reusable when they change. */
    @Override
    public boolean readsClaims() {
        return false;
    }

    static final String DIR = "analyses/spectrum/";

    @Param(description = "test images used (0 = all); the noise set has as many samples", min = 0)
    int samples = 0;

    @Param(description = "widths h of the scale test (first h units; h random input dimensions for the data)")
    int[] scales = {10, 50, 100, 500, 1000, 1500, 2000};

    @Override
    public String name() {
        return "spectrum";
    }

    @Override
    public String description() {
        return "covariance eigenvalue spectra of data, initial and trained representations on images and noise, with a scale test";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        return List.of(SiteView.of(SiteView.SPECTRA, "PCA spectra", DIR + "spectra.json"));
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        List<SpectrumSources.Input> inputs = SpectrumSources.inputs(request, samples, ctx);
        List<SpectrumSources.Subject> subjects = SpectrumSources.subjects(request.models());
        List<Map<String, Object>> curves = new ArrayList<>();
        List<List<?>> csv = new ArrayList<>();
        Map<String, Object> leading = new LinkedHashMap<>();
        try (Progress progress = ctx.progress("spectrum", (long) inputs.size() * subjects.size())) {
            for (SpectrumSources.Input input : inputs) {
                for (SpectrumSources.Subject subject : subjects) {
                    progress.message(input.name() + " " + subject.key());
                    INDArray reps = subject.represent(input.x());
                    for (SpectrumSources.Curve c : SpectrumSources.curves(input.name(), subject, reps, scales, ctx)) {
                        curves.add(describe(c, ctx));
                        if (!c.scale()) {
                            addRows(csv, c);
                            leading.put(input.name() + " " + subject.key(), c.eigenvalues()[0]);
                        }
                    }
                    progress.step();
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("samples", inputs.get(0).x().rows());
        json.put("inputs", inputs.stream().map(SpectrumSources.Input::name).toList());
        json.put("scales", scales);
        json.put("curves", curves);
        ctx.files().writeJson(DIR + "spectra.json", json);
        ctx.files().writeCsv(DIR + "spectra.csv",
                List.of("input", "subject", "state", "units", "rank", "eigenvalue", "normalised"), csv);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("samples", inputs.get(0).x().rows());
        summary.put("curves", curves.size());
        summary.put("leadingEigenvalue", leading);
        summary.put("files", List.of(DIR + "spectra.json", DIR + "spectra.csv"));
        return summary;
    }

    private static Map<String, Object> describe(SpectrumSources.Curve c, StudyContext ctx) {
        SpectrumSources.Subject s = c.subject();
        String file = DIR + c.input() + "/" + AnalysisInputs.fileName(s.name()) + "-" + s.state()
                + (c.scale() ? "-h" + c.units() : "") + ".npy";
        ctx.files().writeNpy(file, Nd4j.createFromArray(c.eigenvalues()).castTo(DataType.DOUBLE));
        double[] normalised = Spectra.normalised(c.eigenvalues());
        List<Integer> ranks = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int rank : logSpacedRanks(normalised.length, 160)) {
            if (normalised[rank - 1] > 0) { // log axes: zero eigenvalues (rank-deficient covariance) are not drawn
                ranks.add(rank);
                values.add(normalised[rank - 1]);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", c.input());
        m.put("subject", s.name());
        m.put("state", s.state());
        m.put("units", c.units());
        m.put("scale", c.scale());
        m.put("file", file);
        m.put("rank", ranks);
        m.put("normalised", values);
        return m;
    }

    private static void addRows(List<List<?>> csv, SpectrumSources.Curve c) {
        double[] normalised = Spectra.normalised(c.eigenvalues());
        for (int i = 0; i < normalised.length; i++) {
            csv.add(List.of(c.input(), c.subject().name(), c.subject().state(), c.units(), i + 1, c.eigenvalues()[i], normalised[i]));
        }
    }

    /** About {@code points} ranks in 1..n, evenly spaced in log n (always including 1 and n). */
    static List<Integer> logSpacedRanks(int n, int points) {
        TreeSet<Integer> ranks = new TreeSet<>();
        for (int i = 0; i < points && n > 0; i++) {
            ranks.add((int) Math.round(Math.exp(Math.log(n) * i / Math.max(1, points - 1))));
        }
        if (n > 0) {
            ranks.add(n);
        }
        return new ArrayList<>(ranks);
    }
}
