package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.TrainedModel;

/**
 * How rugged each model's Jacobian landscape is, as a number with a confidence interval (docs/methods.md §6): the
 * paper shows one plane per model and calls KH's smoother; one plane is one sample. Here every one of the first
 * {@code images} test images gets its own plane (two seeded orthonormal directions, shared by all models) of
 * {@code grid}×{@code grid} points over [−range, range], and the plane's <em>relative variation</em>
 * <pre>  RV = mean over neighbouring grid points |J(p) − J(q)|  /  mean over the plane J(p),   J = ‖∂ĥ/∂x‖_F</pre>
 * is recorded per image and model. In model space each model's plane lies around its preprocessed image x̂0 and J is
 * ‖∂ĥ/∂x̂‖_F ({@link LandscapeAnalyzer#target}, {@link LandscapeAnalyzer#centre}). RV does not change when a model scales its representation (ĥ → cĥ) and is 0 for
 * a flat landscape. Per model: the mean RV over images with a percentile bootstrap interval; per pair of models:
 * the paired difference of means with its interval (the same resampled images for both).
 * <p>
 * The same summaries are made of the <em>range-normalised variation</em>
 * <pre>  RNV = mean over neighbouring grid points |J(p) − J(q)|  /  (max over the plane J − min over the plane J)</pre>
 * which is how a plane looks when drawn, as the seed code's figure 4 draws each model, on its own colour scale from
 * its minimum to its maximum J: small when J changes gradually across the plane, large when it is patchy at the
 * grid's scale, whatever J's size and offset. RV and RNV can order models differently: a landscape with one broad
 * trend has a large RV (the trend is large against the mean) and a small RNV (each step is small against the trend).
 */
final class LandscapeRoughness {
    private LandscapeRoughness() {
    }

    /** Per-image values and the bootstrap summaries of RV ({@code summaryRows}, {@code differenceRows}) and RNV. */
    record Result(List<String> models, int[] images, double[][] roughness, double[][] rangeRoughness, double[][] meanJacobian,
                  List<List<?>> summaryRows, List<List<?>> differenceRows,
                  List<List<?>> rangeSummaryRows, List<List<?>> rangeDifferenceRows) {
    }

    /**
     * RV of one plane: the mean absolute difference of J between horizontal and vertical grid neighbours over the
     * plane's mean J (0 when the plane's mean is 0).
     */
    static double relativeVariation(double[][] j) {
        double sum = 0;
        for (double[] row : j) {
            for (double v : row) {
                sum += v;
            }
        }
        double mean = sum / ((long) j.length * j[0].length);
        return mean > 0 ? meanNeighbourDifference(j) / mean : 0;
    }

    /**
     * RNV of one plane: the mean absolute difference of J between horizontal and vertical grid neighbours over the
     * plane's range max J − min J (0 when J is constant).
     */
    static double rangeVariation(double[][] j) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : j) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return max > min ? meanNeighbourDifference(j) / (max - min) : 0;
    }

    /** Mean |J(p) − J(q)| over horizontally and vertically neighbouring grid points. */
    private static double meanNeighbourDifference(double[][] j) {
        double diffs = 0;
        long pairs = 0;
        for (int i = 0; i < j.length; i++) {
            for (int k = 0; k < j[i].length; k++) {
                if (i + 1 < j.length) {
                    diffs += Math.abs(j[i + 1][k] - j[i][k]);
                    pairs++;
                }
                if (k + 1 < j[i].length) {
                    diffs += Math.abs(j[i][k + 1] - j[i][k]);
                    pairs++;
                }
            }
        }
        return pairs > 0 ? diffs / pairs : 0;
    }

    /**
     * Evaluates every model on the planes through test images 0..images−1 and summarises them.
     *
     * @param dataType the models' dtype (points are built in float64 and cast once per batch)
     */
    static Result measure(Map<String, TrainedModel> models, Dataset test, int images, int grid, double range,
                          Random directions, int bootstrap, double confidence, Random resampling, DataType dataType) {
        return measure(models, test, images, grid, range, false, directions, bootstrap, confidence, resampling, dataType);
    }

    /** {@link #measure} with the planes in pixel space or, with {@code modelSpace}, in each model's preprocessed input. */
    static Result measure(Map<String, TrainedModel> models, Dataset test, int images, int grid, double range, boolean modelSpace,
                          Random directions, int bootstrap, double confidence, Random resampling, DataType dataType) {
        int n = Math.min(images, test.size());
        List<String> names = new ArrayList<>(models.keySet());
        double[][] rough = new double[names.size()][n];
        double[][] rangeRough = new double[names.size()][n];
        double[][] meanJ = new double[names.size()][n];
        double[] axis = new double[grid];
        for (int i = 0; i < grid; i++) {
            axis[i] = -range + 2 * range * i / (grid - 1);
        }
        INDArray a = Nd4j.createFromArray(axis).reshape(grid, 1);
        int[] index = new int[n];
        for (int img = 0; img < n; img++) {
            index[img] = img;
            INDArray[] uv = LandscapeAnalyzer.orthonormalDirections(test.dimension(), directions);
            INDArray x0 = test.features().getRow(img).reshape(1, test.dimension()).castTo(DataType.DOUBLE);
            // all grid² points x0 + a_i u + b_j v at once, row-major (i, j), as the figure's plane is built
            INDArray bv = a.mmul(uv[1]);
            INDArray shared = modelSpace ? null : LandscapeAnalyzer.plane(x0, uv[0], axis, bv, 0, grid).castTo(dataType);
            for (int m = 0; m < names.size(); m++) {
                TrainedModel model = models.get(names.get(m));
                INDArray typed = shared != null ? shared
                        : LandscapeAnalyzer.plane(LandscapeAnalyzer.centre(model, x0, true), uv[0], axis, bv, 0, grid).castTo(dataType);
                double[] norms = LandscapeAnalyzer.target(model, modelSpace).jacobianFrobeniusNorm(typed).castTo(DataType.DOUBLE).toDoubleVector();
                double[][] j = new double[grid][grid];
                double sum = 0;
                for (int r = 0; r < norms.length; r++) {
                    j[r / grid][r % grid] = norms[r];
                    sum += norms[r];
                }
                rough[m][img] = relativeVariation(j);
                rangeRough[m][img] = rangeVariation(j);
                meanJ[m][img] = sum / norms.length;
            }
        }
        int[][] counts = Bootstrap.counts(n, bootstrap, resampling);
        double[] jacobians = new double[names.size()];
        for (int m = 0; m < names.size(); m++) {
            jacobians[m] = mean(meanJ[m]);
        }
        // both measures on the same resampled images, so their intervals are comparable
        Summary rv = summarise(names, rough, jacobians, counts, confidence);
        Summary rnv = summarise(names, rangeRough, jacobians, counts, confidence);
        return new Result(names, index, rough, rangeRough, meanJ, rv.rows(), rv.differences(), rnv.rows(), rnv.differences());
    }

    private record Summary(List<List<?>> rows, List<List<?>> differences) {
    }

    /** Per model the mean over images with its bootstrap interval; per pair the paired difference with its interval. */
    private static Summary summarise(List<String> names, double[][] values, double[] meanJacobian, int[][] counts,
                                     double confidence) {
        int bootstrap = counts.length;
        int n = values[0].length;
        double[][] boot = new double[names.size()][bootstrap];
        List<List<?>> summary = new ArrayList<>();
        for (int m = 0; m < names.size(); m++) {
            for (int r = 0; r < bootstrap; r++) {
                boot[m][r] = weightedMean(values[m], counts[r]);
            }
            double[] ci = Bootstrap.percentile(boot[m], confidence);
            summary.add(List.of(names.get(m), mean(values[m]), ci[0], ci[1], meanJacobian[m], n));
        }
        List<List<?>> differences = new ArrayList<>();
        for (int p = 0; p < names.size(); p++) {
            for (int q = p + 1; q < names.size(); q++) {
                double[] d = new double[bootstrap];
                for (int r = 0; r < bootstrap; r++) {
                    d[r] = boot[p][r] - boot[q][r];
                }
                double[] ci = Bootstrap.percentile(d, confidence);
                double point = mean(values[p]) - mean(values[q]);
                differences.add(List.of(names.get(p), names.get(q), point, ci[0], ci[1], verdict(ci)));
            }
        }
        return new Summary(summary, differences);
    }

    /** Which of the pair is smoother, when the interval of RV(a) − RV(b) excludes 0. */
    private static String verdict(double[] ci) {
        if (ci[0] > 0) {
            return "b smoother";
        }
        if (ci[1] < 0) {
            return "a smoother";
        }
        return "undecided";
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double weightedMean(double[] v, int[] counts) {
        double s = 0;
        long c = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i] * counts[i];
            c += counts[i];
        }
        return s / c;
    }

    /** Per-image rows for {@code roughness.csv}: image, model, RV, mean J, RNV. */
    static List<List<?>> perImageRows(Result r) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < r.images().length; i++) {
            for (int m = 0; m < r.models().size(); m++) {
                rows.add(List.of(r.images()[i], r.models().get(m), r.roughness()[m][i], r.meanJacobian()[m][i],
                        r.rangeRoughness()[m][i]));
            }
        }
        return rows;
    }

    /** Model → mean of the measure in {@code summaryRows} (RV or RNV), for the analysis summary. */
    static Map<String, Object> means(List<List<?>> summaryRows) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (List<?> row : summaryRows) {
            out.put((String) row.get(0), row.get(1));
        }
        return out;
    }
}
