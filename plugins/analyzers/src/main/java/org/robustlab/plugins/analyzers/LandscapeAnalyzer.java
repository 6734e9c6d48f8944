package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Param;
import org.robustlab.api.Progress;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;

/**
 * Jacobian-norm and decision landscapes (docs/methods.md §6): around a test image x0 that every model
 * classifies correctly, the plane x0 + a·u + b·v spanned by two seeded orthonormal directions
 * (shared by all models, unit L2 norm, points not clipped to [0, 1]). At each grid point: the exact ‖∂ĥ/∂x‖_F,
 * the predicted class and its softmax confidence. With {@code space: 'model'} the plane lies in each model's
 * preprocessed input instead, x̂0 + a·u + b·v with x̂0 = pre(x0) (e.g. x0/‖x0‖₃), and the norm is ‖∂ĥ/∂x̂‖_F: the seed
 * code's figure 4 (Figure4-DecisionBoundaries.ipynb: ±20 around the L3-normalised image). Writes
 * {@code analyses/landscape/landscape.json} and per model {@code jacobian.npy},
 * {@code class.npy}, {@code confidence.npy} (grid×grid, first index along u).
 */
@Extension
public class LandscapeAnalyzer implements Analyzer {
    /** Does not read the study's claims: its result stays reusable when they change. */
    @Override
    public boolean readsClaims() {
        return false;
    }

    static final String DIR = "analyses/landscape/";

    @Param(description = "grid points per axis", min = 3)
    int grid = 101;

    @Param(description = "half-width of the grid: a, b in [-range, range] (L2 distance in the plane's space)", min = 0)
    double range = 20;

    @Param(description = "where the planes lie: 'pixel' (x0 + a u + b v, Jacobian with respect to the pixels; the default)"
            + " or 'model' (around the model's preprocessed image, e.g. x0/||x0||_3, Jacobian with respect to it: the seed"
            + " code's figure 4)", choices = {"pixel", "model"}, omitWhenUnset = true)
    String space = null;

    @Param(description = "test image index at the centre (-1 = the first image every model classifies correctly)", min = -1)
    int image = -1;

    @Param(description = "roughness: planes through the first this many test images, one each (0 = no roughness)", min = 0)
    int roughnessImages = 100;

    @Param(description = "roughness: grid points per axis of each plane", min = 3)
    int roughnessGrid = 21;

    @Param(description = "roughness: bootstrap resamples of the images", min = 100)
    int bootstrap = 1000;

    @Param(description = "roughness: confidence level of the intervals", min = 0.5, max = 0.999)
    double confidence = 0.95;

    @Override
    public String name() {
        return "landscape";
    }

    @Override
    public String description() {
        return "Jacobian Frobenius norm and decision (class, confidence) on a random 2D plane through a test image";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        List<SiteView> views = new ArrayList<>(List.of(SiteView.of(SiteView.LANDSCAPE, "Jacobian landscapes", DIR + "landscape.json")));
        if (roughnessImages > 0) {
            views.add(SiteView.of(SiteView.TABLE, "Landscape roughness (relative variation of the Jacobian norm, mean over planes)",
                    DIR + "roughness-summary.csv"));
            views.add(SiteView.of(SiteView.TABLE, "Landscape roughness: differences between models", DIR + "roughness-differences.csv"));
            views.add(SiteView.of(SiteView.TABLE, "Landscape roughness on each plane's own scale (range-normalised variation, mean over planes)",
                    DIR + "range-roughness-summary.csv"));
            views.add(SiteView.of(SiteView.TABLE, "Landscape roughness on each plane's own scale: differences between models",
                    DIR + "range-roughness-differences.csv"));
        }
        return views;
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        if (request.models().isEmpty()) {
            throw new RobustlabException("landscape needs at least one model; add e.g. encoder mlp");
        }
        Dataset test = request.test();
        int center = image >= 0 ? checkedImage(test) : firstCorrectForAll(request, ctx);
        INDArray x0 = test.features().getRow(center).reshape(1, test.dimension()).castTo(DataType.DOUBLE);
        INDArray[] uv = orthonormalDirections(test.dimension(), ctx.random("analysis/landscape/directions"));
        double[] axis = new double[grid];
        for (int i = 0; i < grid; i++) {
            axis[i] = -range + 2 * range * i / (grid - 1);
        }
        boolean modelSpace = modelSpace();
        Map<String, DifferentiableModel> targets = new LinkedHashMap<>();
        Map<String, INDArray> centres = new LinkedHashMap<>();
        for (Map.Entry<String, TrainedModel> e : request.models().entrySet()) {
            targets.put(e.getKey(), target(e.getValue(), modelSpace));
            centres.put(e.getKey(), centre(e.getValue(), x0, modelSpace));
        }
        Map<String, double[][]> jac = new LinkedHashMap<>();
        Map<String, int[][]> cls = new LinkedHashMap<>();
        Map<String, double[][]> conf = new LinkedHashMap<>();
        for (String m : request.models().keySet()) {
            jac.put(m, new double[grid][grid]);
            cls.put(m, new int[grid][grid]);
            conf.put(m, new double[grid][grid]);
        }
        INDArray bv = Nd4j.createFromArray(axis).reshape(grid, 1).mmul(uv[1]); // b_j v for every column j, grid × D
        int rowsPerChunk = Math.max(1, 1000 / grid);
        try (Progress progress = ctx.progress("landscape", grid)) {
            for (int from = 0; from < grid; from += rowsPerChunk) {
                int to = Math.min(grid, from + rowsPerChunk);
                INDArray shared = modelSpace ? null : plane(x0, uv[0], axis, bv, from, to).castTo(ctx.dataType());
                for (String m : request.models().keySet()) {
                    INDArray points = shared != null ? shared : plane(centres.get(m), uv[0], axis, bv, from, to).castTo(ctx.dataType());
                    evaluate(targets.get(m), points, from, to, jac.get(m), cls.get(m), conf.get(m));
                }
                progress.stepBy(to - from);
            }
        }
        Map<String, Object> summary = write(request, ctx, center, uv, axis, targets, centres, jac, cls, conf);
        if (roughnessImages > 0) {
            summary.put("roughness", roughness(request, ctx));
        }
        return summary;
    }

    /** {@link LandscapeRoughness} over planes through the first test images; writes its five CSVs and the paired metrics. */
    private Map<String, Object> roughness(AnalysisRequest request, StudyContext ctx) {
        LandscapeRoughness.Result r = LandscapeRoughness.measure(request.models(), request.test(), roughnessImages,
                roughnessGrid, range, modelSpace(), ctx.random("analysis/landscape/roughness-directions"), bootstrap, confidence,
                ctx.random("analysis/landscape/roughness-bootstrap"), ctx.dataType());
        ctx.files().writeCsv(DIR + "roughness.csv", List.of("image", "model", "relative_variation", "mean_jacobian", "range_variation"),
                LandscapeRoughness.perImageRows(r));
        ctx.files().writeCsv(DIR + "roughness-summary.csv",
                List.of("model", "relative_variation", "ci_low", "ci_high", "mean_jacobian", "images"), r.summaryRows());
        ctx.files().writeCsv(DIR + "roughness-differences.csv",
                List.of("a", "b", "difference_a_minus_b", "ci_low", "ci_high", "verdict"), r.differenceRows());
        ctx.files().writeCsv(DIR + "range-roughness-summary.csv",
                List.of("model", "range_variation", "ci_low", "ci_high", "mean_jacobian", "images"), r.rangeSummaryRows());
        ctx.files().writeCsv(DIR + "range-roughness-differences.csv",
                List.of("a", "b", "difference_a_minus_b", "ci_low", "ci_high", "verdict"), r.rangeDifferenceRows());
        PairedMetrics.write(ctx, DIR, List.of(pairedMetric("landscape.roughness", r.summaryRows(), r.differenceRows()),
                pairedMetric("landscape.rangeRoughness", r.rangeSummaryRows(), r.rangeDifferenceRows())));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("images", r.images().length);
        out.put("grid", roughnessGrid + "x" + roughnessGrid + " over [-" + range + ", " + range + "] (" + spaceName() + " space)");
        out.put("relativeVariation", LandscapeRoughness.means(r.summaryRows()));
        out.put("rangeVariation", LandscapeRoughness.means(r.rangeSummaryRows()));
        return out;
    }

    /**
     * A roughness measure's means ({@code landscape.roughness}: RV, {@code landscape.rangeRoughness}: RNV) with the
     * paired differences, for compare's claims.
     */
    static PairedMetrics.Metric pairedMetric(String name, List<List<?>> summaryRows, List<List<?>> differenceRows) {
        List<PairedMetrics.Value> values = summaryRows.stream().map(row -> new PairedMetrics.Value((String) row.get(0),
                ((Number) row.get(1)).doubleValue(), ((Number) row.get(2)).doubleValue(), ((Number) row.get(3)).doubleValue())).toList();
        List<PairedMetrics.Difference> diffs = differenceRows.stream().map(row -> new PairedMetrics.Difference((String) row.get(0),
                (String) row.get(1), ((Number) row.get(2)).doubleValue(), ((Number) row.get(3)).doubleValue(),
                ((Number) row.get(4)).doubleValue())).toList();
        return new PairedMetrics.Metric(name, values, diffs);
    }

    private boolean modelSpace() {
        return "model".equals(space);
    }

    private String spaceName() {
        return modelSpace() ? "model" : "pixel";
    }

    /** The function the landscape differentiates: the model itself, or the model on its preprocessed input. */
    static DifferentiableModel target(TrainedModel model, boolean modelSpace) {
        return modelSpace ? model.onPreprocessedInput() : model;
    }

    /** The plane's centre for {@code model} (1×D, float64): x0, or the model's preprocessing of x0 in model space. */
    static INDArray centre(TrainedModel model, INDArray x0, boolean modelSpace) {
        return modelSpace ? model.preprocess(x0).castTo(DataType.DOUBLE) : x0;
    }

    /** Points x0 + a_i u + b_j v for grid rows i in [from, to), all j; row-major (i, j). */
    static INDArray plane(INDArray x0, INDArray u, double[] axis, INDArray bv, int from, int to) {
        INDArray[] rows = new INDArray[to - from];
        for (int i = from; i < to; i++) {
            rows[i - from] = bv.addRowVector(x0.add(u.mul(axis[i])));
        }
        return Nd4j.vstack(rows);
    }

    private void evaluate(DifferentiableModel model, INDArray points, int from, int to,
                          double[][] jac, int[][] cls, double[][] conf) {
        double[] norms = model.jacobianFrobeniusNorm(points).castTo(DataType.DOUBLE).toDoubleVector();
        double[][] logits = model.logits(points).castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int r = 0; r < norms.length; r++) {
            int i = from + r / grid, j = r % grid;
            jac[i][j] = norms[r];
            double[] z = logits[r];
            int best = 0;
            for (int c = 1; c < z.length; c++) {
                if (z[c] > z[best]) {
                    best = c;
                }
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - z[best]);
            }
            cls[i][j] = best;
            conf[i][j] = 1 / sum; // softmax of the arg-max
        }
    }

    /** Two Gaussian directions, Gram–Schmidt orthonormalised (1×D rows, float64). */
    static INDArray[] orthonormalDirections(int dimension, Random rng) {
        double[] u = new double[dimension];
        double[] v = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            u[i] = rng.nextGaussian();
            v[i] = rng.nextGaussian();
        }
        INDArray a = Nd4j.createFromArray(u).reshape(1, dimension);
        INDArray b = Nd4j.createFromArray(v).reshape(1, dimension);
        a.divi(a.norm2Number());
        b.subi(a.mul(a.mul(b).sumNumber().doubleValue()));
        b.divi(b.norm2Number());
        return new INDArray[]{a, b};
    }

    private int checkedImage(Dataset test) {
        if (image >= test.size()) {
            throw new RobustlabException("landscape parameter 'image' is " + image + " but the test set has "
                    + test.size() + " images; use 0.." + (test.size() - 1) + " or -1 to pick one automatically");
        }
        return image;
    }

    /**
     * The first test image every model classifies correctly; when there is none (e.g. barely trained
     * models), the first image classified correctly by the most models, with a warning in the log.
     */
    private static int firstCorrectForAll(AnalysisRequest request, StudyContext ctx) {
        Dataset test = request.test();
        int[] correct = new int[test.size()];
        for (TrainedModel m : request.models().values()) {
            int[] pred = Representations.batched(test.features(),
                    x -> Nd4j.createFromArray(m.predict(x)).reshape(x.rows(), 1)).toIntVector();
            for (int i = 0; i < correct.length; i++) {
                correct[i] += pred[i] == test.labels()[i] ? 1 : 0;
            }
        }
        int best = 0;
        for (int i = 1; i < correct.length; i++) {
            if (correct[i] > correct[best]) {
                best = i;
            }
        }
        if (correct[best] < request.models().size()) {
            ctx.log("landscape: no test image is classified correctly by every model (" + String.join(", ", request.models().keySet())
                    + "); using image " + best + ", correct for " + correct[best] + " of them (choose one with the 'image' parameter)");
        }
        return best;
    }

    private Map<String, Object> write(AnalysisRequest request, StudyContext ctx, int center, INDArray[] uv, double[] axis,
                                      Map<String, DifferentiableModel> targets, Map<String, INDArray> centres,
                                      Map<String, double[][]> jac, Map<String, int[][]> cls, Map<String, double[][]> conf) {
        Dataset test = request.test();
        int half = grid / 2;
        List<Map<String, Object>> models = new ArrayList<>();
        Map<String, Object> atImage = new LinkedHashMap<>();
        INDArray x0 = test.features().getRow(center).reshape(1, test.dimension());
        for (String m : request.models().keySet()) {
            String folder = DIR + AnalysisInputs.fileName(m) + "/";
            ctx.files().writeNpy(folder + "jacobian.npy", Nd4j.createFromArray(jac.get(m)));
            ctx.files().writeNpy(folder + "class.npy", Nd4j.createFromArray(cls.get(m)));
            ctx.files().writeNpy(folder + "confidence.npy", Nd4j.createFromArray(conf.get(m)));
            double exact = (modelSpace() ? targets.get(m).jacobianFrobeniusNorm(centres.get(m).castTo(x0.dataType()))
                    : request.models().get(m).jacobianFrobeniusNorm(x0)).getDouble(0);
            double min = Double.POSITIVE_INFINITY, max = 0;
            for (double[] row : jac.get(m)) {
                for (double v : row) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", m);
            e.put("jacobian", folder + "jacobian.npy");
            e.put("class", folder + "class.npy");
            e.put("confidence", folder + "confidence.npy");
            e.put("jacobianAtImage", exact);
            e.put("jacobianMin", min);
            e.put("jacobianMax", max);
            e.put("classAtImage", grid % 2 == 1 ? cls.get(m)[half][half] : -1);
            e.put("correctAtImage", request.models().get(m).predict(x0)[0] == test.labels()[center]);
            models.add(e);
            atImage.put(m, exact);
        }
        ctx.files().writeNpy(DIR + "directions.npy", Nd4j.vstack(uv));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", center);
        json.put("label", test.labels()[center]);
        json.put("className", test.classNames().get(test.labels()[center]));
        json.put("classNames", test.classNames());
        json.put("grid", grid);
        json.put("range", range);
        json.put("space", spaceName());
        json.put("axis", axis);
        json.put("directions", DIR + "directions.npy");
        json.put("models", models);
        ctx.files().writeJson(DIR + "landscape.json", json);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("image", center);
        summary.put("className", test.classNames().get(test.labels()[center]));
        summary.put("grid", grid + "x" + grid + " over [-" + range + ", " + range + "] (" + spaceName() + " space)");
        summary.put("jacobianAtImage", atImage);
        summary.put("files", roughnessImages > 0 ? List.of(DIR + "landscape.json", DIR + "roughness.csv",
                DIR + "roughness-summary.csv", DIR + "roughness-differences.csv", DIR + "range-roughness-summary.csv",
                DIR + "range-roughness-differences.csv", DIR + PairedMetrics.FILE) : List.of(DIR + "landscape.json"));
        return summary;
    }
}
