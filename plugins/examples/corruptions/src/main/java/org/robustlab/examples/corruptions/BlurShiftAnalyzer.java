package org.robustlab.examples.corruptions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Param;
import org.robustlab.api.Quantiles;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;

/**
 * DSL: {@code analyze blurShift(samples: 500, sigma: 1.0)}. Is a representation more stable under a
 * natural corruption than under random noise of the same size? Per model and test image: the
 * relative change ‖ĥ(x′) − ĥ(x)‖ / ‖ĥ(x)‖ for x′ = blur(x) and for x′ = x + δ, where δ is isotropic
 * Gaussian noise rescaled to ‖blur(x) − x‖ (not clipped to the pixel box, so both perturbations
 * have exactly the same L2 length), plus how often the predicted class flips.
 * Writes {@code analyses/blurShift/blur-shift.csv} (one row per model).
 */
@Extension
public class BlurShiftAnalyzer implements Analyzer {
    @Param(description = "test images used (the first ones)", min = 1)
    int samples = 500;

    @Param(description = "standard deviation of the Gaussian kernel, in pixels", min = 0.1, max = 16)
    double sigma = 1.0;

    @Override
    public String name() {
        return "blurShift";
    }

    @Override
    public String description() {
        return "representation change under blur vs. equal-size random noise";
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext context) {
        int n = Math.min(samples, request.test().size());
        INDArray x = request.test().slice(0, n).features();
        INDArray blurred = blurAll(x, sigma);
        INDArray noisy = equalNormNoise(x, blurred, context.random("blurShift/noise"));
        double blurDistance = Quantiles.median(rowNorms(blurred.sub(x)));
        List<List<?>> rows = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Map.Entry<String, TrainedModel> e : request.models().entrySet()) {
            TrainedModel m = e.getValue();
            double blurShift = Quantiles.median(relativeShifts(m::hidden, x, blurred));
            double noiseShift = Quantiles.median(relativeShifts(m::hidden, x, noisy));
            double blurFlips = flipRate(m.predict(x), m.predict(blurred));
            double noiseFlips = flipRate(m.predict(x), m.predict(noisy));
            rows.add(List.of(e.getKey(), n, blurDistance, blurShift, noiseShift, blurShift / noiseShift, blurFlips, noiseFlips));
            summary.put(e.getKey(), Map.of("medianShiftBlur", blurShift, "medianShiftNoise", noiseShift,
                    "flipRateBlur", blurFlips, "flipRateNoise", noiseFlips));
            context.log(String.format("blurShift %s: median relative change %.4f (blur) vs %.4f (noise)", e.getKey(),
                    blurShift, noiseShift));
        }
        context.files().writeCsv("analyses/blurShift/blur-shift.csv", List.of("model", "n", "median_blur_l2",
                "median_shift_blur", "median_shift_noise", "shift_ratio", "flip_rate_blur", "flip_rate_noise"), rows);
        return summary;
    }

    static INDArray blurAll(INDArray x, double sigma) {
        GaussianBlurAttack full = new GaussianBlurAttack();
        full.sigma = sigma;
        return full.perturb(null, x, null, Double.POSITIVE_INFINITY, null);
    }

    /** Isotropic Gaussian directions with the same per-row L2 length as {@code reference − x}. */
    static INDArray equalNormNoise(INDArray x, INDArray reference, Random rng) {
        double[] target = rowNorms(reference.sub(x));
        int n = (int) x.rows();
        int d = (int) x.columns();
        double[] noise = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                noise[i * d + j] = rng.nextGaussian();
                norm += noise[i * d + j] * noise[i * d + j];
            }
            double scale = target[i] / Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                noise[i * d + j] *= scale;
            }
        }
        return x.castTo(DataType.DOUBLE).add(Nd4j.create(noise, new long[]{n, d}, DataType.DOUBLE)).castTo(x.dataType());
    }

    /** ‖f(x′_i) − f(x_i)‖ / ‖f(x_i)‖ per row; rows with f(x_i) = 0 are left out. */
    static double[] relativeShifts(UnaryOperator<INDArray> hidden, INDArray x, INDArray perturbed) {
        INDArray h = hidden.apply(x).castTo(DataType.DOUBLE);
        double[] change = rowNorms(hidden.apply(perturbed).castTo(DataType.DOUBLE).sub(h));
        double[] size = rowNorms(h);
        double[] out = new double[change.length];
        int k = 0;
        for (int i = 0; i < change.length; i++) {
            if (size[i] > 0) {
                out[k++] = change[i] / size[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    static double[] rowNorms(INDArray a) {
        return a.castTo(DataType.DOUBLE).norm2(1).toDoubleVector();
    }

    static double flipRate(int[] before, int[] after) {
        int flips = 0;
        for (int i = 0; i < before.length; i++) {
            flips += before[i] != after[i] ? 1 : 0;
        }
        return before.length == 0 ? Double.NaN : (double) flips / before.length;
    }
}
