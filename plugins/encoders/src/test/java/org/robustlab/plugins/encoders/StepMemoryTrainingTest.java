package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.Dataset;
import org.robustlab.api.Regularizer;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.params.Params;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.numerics.StepMemory;
import org.robustlab.plugins.regularizers.JacobianRegularizer;
import org.robustlab.plugins.regularizers.L2Regularizer;
import org.robustlab.plugins.regularizers.SpectralRegularizer;
import org.robustlab.testkit.TestImages;

/**
 * Training steps whose temporaries live in {@link StepMemory} end with every bit of the model trained with plain
 * allocations: the BatchNorm + spectral model of the seed protocol (with the other penalties, a short last batch
 * and the per-epoch covariance), and a frozen-W decoder. The reused run is made under ND4J's SCOPE_PANIC
 * profiling, which fails any op that reads an array after its step's memory was handed on.
 */
class StepMemoryTrainingTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        StepMemory.enabled = true;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    private static Regularizer bind(Regularizer r, String name, Map<String, Object> args) {
        Params.bind(r, name, args, null);
        return r;
    }

    private static List<Regularizer> penalties() {
        return List.of(bind(new SpectralRegularizer(), "spectral", Map.of("beta", 1.0, "tau", 2, "on", "pre")),
                bind(new L2Regularizer(), "l2", Map.of("lambda", 1e-3)),
                bind(new JacobianRegularizer(), "jacobian", Map.of("lambda", 1e-2)));
    }

    private Map<String, INDArray> trainMlp(boolean reuse, String folder) {
        StepMemory.enabled = reuse;
        Nd4j.getExecutioner().setProfilingMode(reuse ? OpExecutioner.ProfilingMode.SCOPE_PANIC : OpExecutioner.ProfilingMode.DISABLED);
        MlpEncoder e = new MlpEncoder();
        // 300 images in batches of 64: four full batches and a short one of 44
        Params.bind(e, "encoder 'mlp'", Map.of("hidden", 24, "epochs", 3, "batch", 64, "batchNorm", true, "inputNorm", 3),
                null);
        Dataset data = TestImages.dataset(300, 4, 5);
        TrainedModel m = e.train("m", data, penalties(), TestContexts.quiet(1, DataType.FLOAT, dir.resolve(folder)));
        Map<String, INDArray> out = new LinkedHashMap<>(m.export().arrays());
        double[] loss = m.history().stream().mapToDouble(r -> r.loss()).toArray();
        out.put("loss", Nd4j.createFromArray(loss));
        return out;
    }

    @Test
    void theBatchNormSpectralModelIsBitIdenticalWithReusedStepMemory() {
        Map<String, INDArray> reused = trainMlp(true, "reused");
        Map<String, INDArray> plain = trainMlp(false, "plain");
        assertEquals(plain.keySet(), reused.keySet());
        for (String k : plain.keySet()) {
            assertArrayEquals(plain.get(k).dup().data().asDouble(), reused.get(k).dup().data().asDouble(), 0.0, k); // every bit
        }
        assertFalse(plain.get("bn_running_var").equalsWithEps(Nd4j.onesLike(plain.get("bn_running_var")), 1e-6),
                "the BatchNorm trained (the comparison is not of two untouched arrays)");
    }

    private float[][] trainFrozen(boolean reuse, String folder) {
        StepMemory.enabled = reuse;
        Nd4j.getExecutioner().setProfilingMode(reuse ? OpExecutioner.ProfilingMode.SCOPE_PANIC : OpExecutioner.ProfilingMode.DISABLED);
        Dataset data = TestImages.dataset(200, 4, 7);
        Random rng = new Random(3);
        int d = TestImages.CIFAR_PIXELS;
        INDArray w = Init.gaussian(16, d, Math.sqrt(2.0 / d), rng, DataType.FLOAT);
        INDArray a = Init.uniform(4, 16, 0.2, rng, DataType.FLOAT);
        INDArray b = Init.uniform(1, 4, 0.2, rng, DataType.FLOAT);
        HiddenLayerModel model = new HiddenLayerModel("m", "kh", w, a, b, 4.5, Preprocess.lpNormalize(3));
        SupervisedTrainer.train(model, data, List.of(bind(new SpectralRegularizer(), "spectral", Map.of("beta", 0.5, "tau", 1))),
                3, 48, new double[]{1e-2}, new int[0], false, "decoder", TestContexts.quiet(1, DataType.FLOAT, dir.resolve(folder)));
        return new float[][]{model.w.dup().data().asFloat(), model.a.dup().data().asFloat(), model.b.dup().data().asFloat()};
    }

    @Test
    void aFrozenLayerDecoderIsBitIdenticalWithReusedStepMemory() {
        float[][] reused = trainFrozen(true, "reused");
        float[][] plain = trainFrozen(false, "plain");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(plain[i], reused[i], 0f, List.of("W", "A", "b").get(i));
        }
    }

    /** Logits, loss gradient and representation distance/gradient of a trained BatchNorm model at two batch sizes. */
    private double[][] modelPasses(TrainedModel m, boolean reuse) {
        StepMemory.enabled = reuse;
        Nd4j.getExecutioner().setProfilingMode(reuse ? OpExecutioner.ProfilingMode.SCOPE_PANIC : OpExecutioner.ProfilingMode.DISABLED);
        HiddenLayerModel model = (HiddenLayerModel) m;
        List<double[]> out = new java.util.ArrayList<>();
        for (int n : new int[]{40, 90, 40}) { // a larger batch after a smaller one makes the reused block grow
            Dataset d = TestImages.dataset(n, 4, 11 + n);
            out.add(model.logits(d.features()).dup().data().asDouble());
            INDArray g = Nd4j.create(DataType.FLOAT, n, d.features().columns());
            out.add(model.lossInputGradient(d.features(), d.labels(), g).dup().data().asDouble());
            INDArray target = model.hidden(TestImages.dataset(n, 4, 99).features());
            INDArray g2 = Nd4j.create(DataType.FLOAT, n, d.features().columns());
            out.add(model.representationDistanceAndGradient(d.features(), target, g2));
            out.add(g2.dup().data().asDouble());
        }
        return out.toArray(new double[0][]);
    }

    @Test
    void aBatchNormModelsAttackPassesAreBitIdenticalWithReusedStepMemory() {
        MlpEncoder e = new MlpEncoder();
        Params.bind(e, "encoder 'mlp'", Map.of("hidden", 24, "epochs", 2, "batch", 64, "batchNorm", true, "inputNorm", 3), null);
        TrainedModel m = e.train("m", TestImages.dataset(200, 4, 5), List.of(), TestContexts.quiet(1, DataType.FLOAT, dir.resolve("bn")));
        double[][] reused = modelPasses(m, true);
        double[][] plain = modelPasses(m, false);
        for (int i = 0; i < plain.length; i++) {
            assertArrayEquals(plain[i], reused[i], 0.0, "pass " + i);
        }
    }

    @Test
    void logitsAndGradientFromOneForwardPassEqualTheTwoCalls() {
        for (boolean batchNorm : new boolean[]{false, true}) {
            MlpEncoder e = new MlpEncoder();
            Params.bind(e, "encoder 'mlp'", Map.of("hidden", 24, "epochs", 1, "batch", 64, "batchNorm", batchNorm, "inputNorm", 3,
                    "n", 4.5), null);
            HiddenLayerModel m = (HiddenLayerModel) e.train("m", TestImages.dataset(100, 4, 5), List.of(),
                    TestContexts.quiet(1, DataType.FLOAT, dir.resolve("one-pass-" + batchNorm)));
            Dataset d = TestImages.dataset(30, 4, 17);
            var both = m.logitsAndLossInputGradient(d.features(), d.labels());
            assertArrayEquals(m.logits(d.features()).data().asFloat(), both.logits().dup().data().asFloat(), 0f, "logits, BN " + batchNorm);
            assertArrayEquals(m.lossInputGradient(d.features(), d.labels()).data().asFloat(), both.gradient().dup().data().asFloat(), 0f,
                    "gradient, BN " + batchNorm);
            INDArray fused = Nd4j.create(DataType.FLOAT, 30, d.features().columns());
            m.lossInputGradient(d.features(), d.labels(), fused);
            assertTrue(fused.equalsWithEps(both.gradient(), 1e-5 * both.gradient().amaxNumber().doubleValue()),
                    "and it is the gradient the attack steps use, up to rounding");
        }
    }

    @Test
    void logitsSplitIntoPassesEqualTheOnePassLogits() {
        MlpEncoder e = new MlpEncoder();
        Params.bind(e, "encoder 'mlp'", Map.of("hidden", 24, "epochs", 1, "batch", 64, "inputNorm", 3, "n", 4.5), null);
        HiddenLayerModel m = (HiddenLayerModel) e.train("m", TestImages.dataset(100, 4, 5), List.of(),
                TestContexts.quiet(1, DataType.FLOAT, dir.resolve("split")));
        Dataset d = TestImages.dataset(2 * HiddenLayerModel.LOGITS_ROWS + 5, 4, 19);
        INDArray split = m.logits(d.features());
        var both = m.logitsAndLossInputGradient(d.features(), d.labels());
        assertArrayEquals(both.logits().data().asFloat(),
                split.data().asFloat(), 0f, "logits of " + d.features().rows() + " rows in three passes");
        INDArray plain = m.forward(d.features()).logits();
        assertTrue(plain.equalsWithEps(split, 1e-5 * plain.amaxNumber().doubleValue()), "and the plain pass's, up to rounding");
        INDArray gradient = both.gradient();
        INDArray last = d.features().get(NDArrayIndex.interval(2 * HiddenLayerModel.LOGITS_ROWS, d.features().rows()), NDArrayIndex.all());
        int[] lastLabels = java.util.Arrays.copyOfRange(d.labels(), 2 * HiddenLayerModel.LOGITS_ROWS, d.labels().length);
        assertArrayEquals(m.lossInputGradient(last, lastLabels).data().asFloat(),
                gradient.get(NDArrayIndex.interval(2 * HiddenLayerModel.LOGITS_ROWS, d.features().rows()), NDArrayIndex.all()).dup()
                        .data().asFloat(), 0f, "the last pass's gradient rows");
    }
}
