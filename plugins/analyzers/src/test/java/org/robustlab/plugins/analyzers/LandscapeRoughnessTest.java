package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.TrainedModel;
import org.robustlab.plugins.encoders.HiddenLayerModel;
import org.robustlab.plugins.encoders.Preprocess;

class LandscapeRoughnessTest {
    private static final int D = 48;

    /** scale · j + offset, element by element. */
    private static double[][] affine(double[][] j, double scale, double offset) {
        double[][] out = new double[j.length][];
        for (int i = 0; i < j.length; i++) {
            out[i] = new double[j[i].length];
            for (int k = 0; k < j[i].length; k++) {
                out[i][k] = scale * j[i][k] + offset;
            }
        }
        return out;
    }

    @Test
    void relativeVariationOfSmallPlanes() {
        // neighbours: |3−1| + |4−2| down, |2−1| + |4−3| across = 6 over 4 pairs; mean J 2.5
        assertEquals(1.5 / 2.5, LandscapeRoughness.relativeVariation(new double[][]{{1, 2}, {3, 4}}), 1e-15);
        assertEquals(0, LandscapeRoughness.relativeVariation(new double[][]{{2, 2, 2}, {2, 2, 2}}));
        double[][] j = {{0.3, 1.7, 0.2}, {5, 0.1, 2}, {0.4, 0.4, 9}};
        double[][] scaled = affine(j, 7.5, 0);
        assertEquals(LandscapeRoughness.relativeVariation(j), LandscapeRoughness.relativeVariation(scaled), 1e-14);
    }

    @Test
    void rangeVariationOfSmallPlanesIgnoresScaleAndOffset() {
        // neighbours: 6 over 4 pairs, as above; range 4 − 1 = 3
        assertEquals(1.5 / 3, LandscapeRoughness.rangeVariation(new double[][]{{1, 2}, {3, 4}}), 1e-15);
        assertEquals(0, LandscapeRoughness.rangeVariation(new double[][]{{2, 2, 2}, {2, 2, 2}}));
        double[][] j = {{0.3, 1.7, 0.2}, {5, 0.1, 2}, {0.4, 0.4, 9}};
        double[][] moved = affine(j, 7.5, 40);
        // down |5−0.3| |0.4−5| |0.1−1.7| |0.4−0.1| |2−0.2| |9−2| = 20.0; across |1.4| |1.5| |4.9| |1.9| |0| |8.6| = 18.3
        assertEquals((20.0 + 18.3) / 12 / 8.9, LandscapeRoughness.rangeVariation(j), 1e-14);
        assertEquals(LandscapeRoughness.rangeVariation(j), LandscapeRoughness.rangeVariation(moved), 1e-14);
        assertTrue(LandscapeRoughness.relativeVariation(moved) < LandscapeRoughness.relativeVariation(j),
                "an offset lowers RV but not RNV");
    }

    @Test
    void aBroadTrendIsRoughByRelativeVariationAndSmoothByRangeVariation() {
        // a ramp from 1 to 3 across 21 points vs small checkerboard ripples around 10: RV orders them one way, RNV the other
        double[][] trend = new double[21][21];
        double[][] ripple = new double[21][21];
        for (int i = 0; i < 21; i++) {
            for (int k = 0; k < 21; k++) {
                trend[i][k] = 1 + 2.0 * i / 20;
                ripple[i][k] = 10 + 0.05 * ((i + k) % 2);
            }
        }
        assertEquals(0.1 / 2 / 2.0, LandscapeRoughness.relativeVariation(trend), 1e-12); // mean |Δ| 0.05, mean J 2
        assertEquals(0.025, LandscapeRoughness.rangeVariation(trend), 1e-12);
        assertEquals(0.05 / (10 + 0.05 * 220 / 441), LandscapeRoughness.relativeVariation(ripple), 1e-12); // 220 of 441 raised
        assertEquals(1, LandscapeRoughness.rangeVariation(ripple), 1e-12);
    }

    @Test
    void aModelWhoseUnitsAllStayActiveIsFlatAndSmootherThanARandomReluLayer() {
        Random rng = new Random(3);
        Nd4j.getRandom().setSeed(3);
        int images = 30;
        INDArray x = images(rng, images, 0.1);
        Dataset test = synthetic(x);
        // every unit's weights positive and large against the plane's reach: h > 0 on the whole plane, J constant
        INDArray wFlat = Nd4j.rand(DataType.DOUBLE, 16, D).addi(1);
        INDArray wRugged = Nd4j.randn(DataType.DOUBLE, 16, D);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        models.put("flat", model("flat", wFlat));
        models.put("rugged", model("rugged", wRugged));
        models.put("rugged-x3", model("rugged-x3", wRugged.mul(3)));
        LandscapeRoughness.Result r = LandscapeRoughness.measure(models, test, images, 9, 2.0, new Random(11), 400, 0.95,
                new Random(12), DataType.DOUBLE);
        for (int i = 0; i < images; i++) {
            assertEquals(0, r.roughness()[0][i], 1e-12, "all units active: constant Jacobian norm");
            assertTrue(r.roughness()[1][i] > 0.01, "a random ReLU layer switches units on the plane: " + r.roughness()[1][i]);
            assertEquals(r.roughness()[1][i], r.roughness()[2][i], 1e-9, "scaling W leaves the relative variation");
            assertEquals(3 * r.meanJacobian()[1][i], r.meanJacobian()[2][i], 1e-9);
        }
        // image 0's plane is built from the first pair of directions of the seeded generator
        INDArray[] uv = LandscapeAnalyzer.orthonormalDirections(D, new Random(11));
        double[][] j = new double[9][9];
        for (int a = 0; a < 9; a++) {
            for (int b = 0; b < 9; b++) {
                INDArray p = x.getRow(0).reshape(1, D).add(uv[0].mul(-2.0 + 0.5 * a)).addi(uv[1].mul(-2.0 + 0.5 * b));
                j[a][b] = models.get("rugged").jacobianFrobeniusNorm(p).getDouble(0);
            }
        }
        assertEquals(LandscapeRoughness.relativeVariation(j), r.roughness()[1][0], 1e-12);
        assertEquals(LandscapeRoughness.rangeVariation(j), r.rangeRoughness()[1][0], 1e-12);
        assertEquals(r.rangeRoughness()[1][0], r.rangeRoughness()[2][0], 1e-9, "scaling W leaves the range variation");
        List<?> rangeFlatVsRugged = r.rangeDifferenceRows().get(0);
        assertEquals(List.of("flat", "rugged"), rangeFlatVsRugged.subList(0, 2));
        assertEquals((double) r.rangeSummaryRows().get(0).get(1) - (double) r.rangeSummaryRows().get(1).get(1),
                (double) rangeFlatVsRugged.get(2), 1e-15);
        List<?> flatVsRugged = r.differenceRows().get(0);
        assertEquals(List.of("flat", "rugged"), flatVsRugged.subList(0, 2));
        assertTrue((double) flatVsRugged.get(4) < 0, "interval of RV(flat) − RV(rugged) below 0: " + flatVsRugged);
        assertEquals("a smoother", flatVsRugged.get(5));
        List<?> summary = r.summaryRows().get(1);
        assertTrue((double) summary.get(2) <= (double) summary.get(1) && (double) summary.get(1) <= (double) summary.get(3),
                "the mean lies in its interval: " + summary);
    }

    /**
     * In model space the plane of an L3-normalising model lies around x0/‖x0‖₃ and J is the Jacobian with respect to
     * the normalised input, checked by central differences of ReLU(x̂ Wᵀ) computed by hand in float64; without
     * preprocessing the two spaces give the same planes.
     */
    @Test
    void inModelSpaceThePlaneLiesAroundThePreprocessedImageAndDifferentiatesThere() {
        Random rng = new Random(5);
        Nd4j.getRandom().setSeed(5);
        int images = 3;
        int grid = 5;
        double range = 0.4;
        INDArray x = images(rng, images, 0.2);
        Dataset test = synthetic(x);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 16, D);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 10, 16);
        INDArray b = Nd4j.zeros(DataType.DOUBLE, 1, 10);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        models.put("l3", new HiddenLayerModel("l3", "mlp", w, a, b, 1, Preprocess.lpNormalize(3)));
        models.put("plain", new HiddenLayerModel("plain", "mlp", w, a, b, 1, Preprocess.none()));
        LandscapeRoughness.Result model = LandscapeRoughness.measure(models, test, images, grid, range, true, new Random(11), 200,
                0.95, new Random(12), DataType.DOUBLE);
        LandscapeRoughness.Result pixel = LandscapeRoughness.measure(models, test, images, grid, range, false, new Random(11), 200,
                0.95, new Random(12), DataType.DOUBLE);
        for (int i = 0; i < images; i++) {
            assertEquals(pixel.roughness()[1][i], model.roughness()[1][i], 1e-12, "no preprocessing: the same plane");
            assertTrue(Math.abs(pixel.roughness()[0][i] - model.roughness()[0][i]) > 1e-6,
                    "a normalising model's planes differ between the spaces: " + pixel.roughness()[0][i]);
        }
        // image 1's plane: the generator's second pair of directions, around x1/‖x1‖₃
        Random dirs = new Random(11);
        LandscapeAnalyzer.orthonormalDirections(D, dirs);
        INDArray[] uv = LandscapeAnalyzer.orthonormalDirections(D, dirs);
        double[] x1 = x.getRow(1).toDoubleVector();
        double l3 = 0;
        for (double v : x1) {
            l3 += Math.abs(v) * v * v;
        }
        l3 = Math.cbrt(l3);
        double[][] wm = w.toDoubleMatrix();
        double[][] j = new double[grid][grid];
        double[][] mean = new double[1][1];
        for (int p = 0; p < grid; p++) {
            for (int q = 0; q < grid; q++) {
                double[] point = new double[D];
                for (int k = 0; k < D; k++) {
                    point[k] = x1[k] / l3 + (-range + 2 * range * p / (grid - 1)) * uv[0].getDouble(k)
                            + (-range + 2 * range * q / (grid - 1)) * uv[1].getDouble(k);
                }
                double frob = 0;
                for (int k = 0; k < D; k++) {
                    double[] up = point.clone();
                    double[] down = point.clone();
                    up[k] += 1e-6;
                    down[k] -= 1e-6;
                    double[] hu = reluLayer(wm, up);
                    double[] hd = reluLayer(wm, down);
                    for (int u = 0; u < hu.length; u++) {
                        double d = (hu[u] - hd[u]) / 2e-6;
                        frob += d * d;
                    }
                }
                j[p][q] = Math.sqrt(frob);
                mean[0][0] += j[p][q] / (grid * grid);
            }
        }
        assertEquals(LandscapeRoughness.relativeVariation(j), model.roughness()[0][1], 1e-6);
        assertEquals(mean[0][0], model.meanJacobian()[0][1], 1e-6 * mean[0][0]);
    }

    /** {@code n} synthetic D-pixel images around 0.5 with the given spread. */
    private static INDArray images(Random rng, int n, double spread) {
        INDArray x = Nd4j.create(DataType.DOUBLE, n, D);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < D; k++) {
                x.putScalar(i, k, 0.5 + spread * rng.nextGaussian());
            }
        }
        return x;
    }

    /** A test set of those images (labels 0, ten classes). */
    private static Dataset synthetic(INDArray x) {
        return new Dataset("synthetic", x, new int[(int) x.rows()], java.util.stream.IntStream.range(0, 10).mapToObj(c -> "c" + c).toList(),
                new int[]{3, 4, 4}, Map.of());
    }

    /** ReLU(W p) for one point, by hand. */
    private static double[] reluLayer(double[][] w, double[] p) {
        double[] h = new double[w.length];
        for (int u = 0; u < w.length; u++) {
            double s = 0;
            for (int k = 0; k < p.length; k++) {
                s += w[u][k] * p[k];
            }
            h[u] = Math.max(0, s);
        }
        return h;
    }

    private static TrainedModel model(String name, INDArray w) {
        INDArray a = Nd4j.randn(DataType.DOUBLE, 10, w.rows());
        INDArray b = Nd4j.zeros(DataType.DOUBLE, 1, 10);
        return new HiddenLayerModel(name, "mlp", w, a, b, 1, Preprocess.none());
    }
}
