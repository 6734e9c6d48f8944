package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;

/**
 * What spectra are taken of (docs/methods.md §5): every model trained and at initialisation, and the
 * raw data, each on the test images ("cifar") and on white noise ("noise"). Shared by the
 * {@code spectrum} and {@code powerlaw} analyzers, which therefore see identical inputs.
 */
final class SpectrumSources {
    static final String IMAGES = "cifar";
    static final String NOISE = "noise";

    /** One input set. */
    record Input(String name, INDArray x) {
    }

    /** One representation: a model in a state, or the raw inputs ({@code model == null}). */
    record Subject(String name, String state, DifferentiableModel model) {
        INDArray represent(INDArray x) {
            return model == null ? x.castTo(DataType.DOUBLE) : Representations.hidden(model, x).castTo(DataType.DOUBLE);
        }

        String key() {
            return name + "/" + state;
        }
    }

    /** A spectrum over {@code units} columns; {@code scale} marks the scale-test sub-blocks. */
    record Curve(String input, Subject subject, int units, boolean scale, double[] eigenvalues) {
    }

    private SpectrumSources() {
    }

    static List<Input> inputs(AnalysisRequest request, int samples, StudyContext ctx) {
        Dataset images = AnalysisInputs.testSubset(request.test(), samples, ctx, "analysis/spectrum/images");
        INDArray noise = AnalysisInputs.whiteNoise(images.size(), images.dimension(), ctx.dataType(), ctx,
                "analysis/spectrum/noise");
        return List.of(new Input(IMAGES, images.features()), new Input(NOISE, noise));
    }

    static List<Subject> subjects(Map<String, TrainedModel> models) {
        List<Subject> out = new ArrayList<>();
        out.add(new Subject("data", "data", null));
        for (Map.Entry<String, TrainedModel> e : models.entrySet()) {
            DifferentiableModel initial = e.getValue().initial();
            if (initial != null) {
                out.add(new Subject(e.getKey(), "initial", initial));
            }
            out.add(new Subject(e.getKey(), "trained", e.getValue()));
        }
        return out;
    }

    /**
     * The full spectrum of {@code reps} plus the scale test: the first h units of a model, or h
     * seeded random input dimensions of the data, for every h in {@code scales} below the width.
     */
    static List<Curve> curves(String input, Subject subject, INDArray reps, int[] scales, StudyContext ctx) {
        int width = (int) reps.columns();
        List<Curve> out = new ArrayList<>();
        out.add(new Curve(input, subject, width, false, Spectra.eigenvalues(reps)));
        int[] smaller = Arrays.stream(scales).filter(h -> h > 0 && h < width).sorted().toArray();
        if (smaller.length == 0) {
            return out;
        }
        for (int h : smaller) {
            // From the columns themselves rather than a block of the full covariance: with fewer
            // samples than h this takes the cheaper Gram route.
            INDArray columns = subject.model() == null
                    ? reps.getColumns(randomDimensions(width, h, ctx.random("analysis/spectrum/dims/" + h)))
                    : reps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, h));
            out.add(new Curve(input, subject, h, true, Spectra.eigenvalues(columns)));
        }
        return out;
    }

    private static int[] randomDimensions(int width, int h, Random rng) {
        return org.robustlab.numerics.Sampling.subset(width, h, rng);
    }
}
