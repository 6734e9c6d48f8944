package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.params.Params;
import org.robustlab.core.testkit.TestContexts;

class MlpEncoderTest {
    @TempDir
    Path dir;

    /** Separable blobs (the testkit's fixture). */
    static Dataset blobs(int n, long seed) {
        return org.robustlab.testkit.TestImages.blobs(n, seed);
    }

    private MlpEncoder encoder(Map<String, Object> args) {
        MlpEncoder e = new MlpEncoder();
        Params.bind(e, "encoder 'mlp'", args, null);
        return e;
    }

    private static double accuracy(TrainedModel m, Dataset d) {
        int[] p = m.predict(d.features());
        int ok = 0;
        for (int i = 0; i < p.length; i++) {
            ok += p[i] == d.labels()[i] ? 1 : 0;
        }
        return (double) ok / p.length;
    }

    @Test
    void learnsSeparableDataAndRecordsHistory() {
        StudyContext ctx = TestContexts.quiet(1, DataType.FLOAT, dir);
        TrainedModel m = encoder(Map.of("hidden", 16, "epochs", 30, "batch", 30)).train("m", blobs(150, 2), List.of(), ctx);
        assertEquals(30, m.history().size());
        assertTrue(m.history().get(29).loss() < 0.5 * m.history().get(0).loss(), m.history().toString());
        assertTrue(accuracy(m, blobs(90, 3)) > 0.95, "held-out accuracy " + accuracy(m, blobs(90, 3)));
    }

    @Test
    void sameSeedSameWeights() {
        Map<String, Object> args = Map.of("hidden", 8, "epochs", 3, "batch", 16);
        TrainedModel a = encoder(args).train("m", blobs(48, 2), List.of(), TestContexts.quiet(5, DataType.FLOAT, dir));
        TrainedModel b = encoder(args).train("m", blobs(48, 2), List.of(), TestContexts.quiet(5, DataType.FLOAT, dir));
        TrainedModel c = encoder(args).train("m", blobs(48, 2), List.of(), TestContexts.quiet(6, DataType.FLOAT, dir));
        assertEquals(a.export().arrays().get("W"), b.export().arrays().get("W"));
        assertTrue(!a.export().arrays().get("W").equals(c.export().arrays().get("W")));
    }

    @Test
    void exportRestoreGivesIdenticalPredictions() {
        MlpEncoder e = encoder(Map.of("hidden", 8, "epochs", 2, "batch", 16, "standardize", true));
        TrainedModel m = e.train("m", blobs(48, 2), List.of(), TestContexts.quiet(1, DataType.FLOAT, dir));
        TrainedModel.SavedModel saved = m.export();
        assertEquals(Map.of("type", "standardize"), Map.of("type", ((Map<?, ?>) saved.metadata().get("preprocess")).get("type")));
        TrainedModel back = e.restore("m", saved);
        INDArray x = blobs(30, 9).features();
        assertEquals(m.logits(x), back.logits(x));
        assertEquals(m.jacobianFrobeniusNorm(x), back.jacobianFrobeniusNorm(x));
        assertTrue(back.initial() != null);
    }

    @Test
    void divergingLossStopsWithModelEpochAndCause() {
        MlpEncoder e = encoder(Map.of("hidden", 8, "epochs", 50, "batch", 16, "lr", List.of(1e30), "milestones", List.of()));
        RobustlabException ex = assertThrows(RobustlabException.class,
                () -> e.train("exploding", blobs(48, 2), List.of(), TestContexts.quiet(1, DataType.FLOAT, dir)));
        assertTrue(ex.getMessage().startsWith("model 'exploding': the training loss became "), ex.getMessage());
        assertTrue(ex.getMessage().contains("at epoch ") && ex.getMessage().contains("learning rate 1.0E30"), ex.getMessage());
        assertTrue(ex.getMessage().contains("Likely cause: a learning rate or regularizer strength that is too large"), ex.getMessage());
    }

    @Test
    void scheduleSteps() {
        double[] lrs = {1e-3, 5e-4, 2e-4, 1e-4, 1e-5};
        int[] ms = {30, 90, 120, 160};
        assertEquals(1e-3, SupervisedTrainer.learningRate(29, lrs, ms));
        assertEquals(5e-4, SupervisedTrainer.learningRate(30, lrs, ms));
        assertEquals(1e-5, SupervisedTrainer.learningRate(500, lrs, ms));
    }

    @Test
    void inputNormIsPartOfTheModelExportedAndDifferentiatedExactly() {
        MlpEncoder e = encoder(Map.of("hidden", 6, "epochs", 2, "batch", 16, "inputNorm", 3, "n", 2.0));
        TrainedModel m = e.train("m", blobs(48, 2), List.of(), TestContexts.quiet(1, DataType.DOUBLE, dir));
        TrainedModel.SavedModel saved = m.export();
        assertEquals(Map.of("type", "lp_normalize", "p", 3.0), saved.metadata().get("preprocess"));
        INDArray x = blobs(4, 5).features().castTo(DataType.DOUBLE);
        // scaling an image does not change an L3-normalised model's output
        assertTrue(m.logits(x.mul(7)).equalsWithEps(m.logits(x), 1e-9), "logits invariant to the image's scale");
        int[] labels = {0, 1, 0, 1};
        INDArray g = m.lossInputGradient(x, labels);
        for (int row = 0; row < 4; row++) {
            final int r = row;
            org.robustlab.testkit.GradientCheck.assertGradient("dCE/dx row " + row, () -> HiddenLayerOps.crossEntropy(
                    m.logits(x.getRow(r, true)), new int[]{labels[r]}).getDouble(0), x.getRow(row, true), g.getRow(row, true));
        }
        assertEquals(m.logits(x), e.restore("m", saved).logits(x));
    }

    @Test
    void inputNormAndStandardizeExcludeEachOther() {
        MlpEncoder e = encoder(Map.of("hidden", 4, "epochs", 1, "standardize", true, "inputNorm", 3));
        RobustlabException ex = assertThrows(RobustlabException.class,
                () -> e.train("m", blobs(16, 2), List.of(), TestContexts.quiet(1, DataType.FLOAT, dir)));
        assertEquals("mlp: standardize: true and inputNorm: 3.0 exclude each other; choose one preprocessing", ex.getMessage());
    }

    @Test
    void aSingleLearningRateIsConstantWhateverTheMilestones() {
        TrainedModel constant = encoder(Map.of("hidden", 8, "epochs", 3, "batch", 16, "lr", 1e-2))
                .train("m", blobs(48, 2), List.of(), TestContexts.quiet(5, DataType.FLOAT, dir));
        TrainedModel explicit = encoder(Map.of("hidden", 8, "epochs", 3, "batch", 16, "lr", List.of(1e-2), "milestones", List.of()))
                .train("m", blobs(48, 2), List.of(), TestContexts.quiet(5, DataType.FLOAT, dir));
        assertEquals(explicit.export().arrays().get("W"), constant.export().arrays().get("W"));
    }

    /** The study's context with a real checkpoint file whose saves stop after {@code saves} (a run killed there). */
    private static StudyContext checkpointed(StudyContext base, Path file, int saves) {
        org.robustlab.core.models.ModelCheckpoint real = new org.robustlab.core.models.ModelCheckpoint(file, "key", msg -> { });
        int[] left = {saves};
        org.robustlab.api.TrainingCheckpoints limited = new org.robustlab.api.TrainingCheckpoints() {
            @Override
            public org.robustlab.api.TrainingState load(String phase) {
                return real.load(phase);
            }

            @Override
            public void save(String phase, org.robustlab.api.TrainingState state) {
                if (left[0]-- <= 0) {
                    throw new IllegalStateException("killed");
                }
                real.save(phase, state);
            }
        };
        return (StudyContext) java.lang.reflect.Proxy.newProxyInstance(StudyContext.class.getClassLoader(),
                new Class<?>[]{StudyContext.class}, (proxy, method, args) -> method.getName().equals("checkpoints")
                        ? limited : method.invoke(base, args));
    }

    @Test
    void aBatchNormModelResumedFromItsCheckpointEndsBitIdentical() {
        Map<String, Object> args = Map.of("hidden", 8, "epochs", 5, "batch", 16, "batchNorm", true, "inputNorm", 3);
        TrainedModel whole = encoder(args).train("m", blobs(48, 2), List.of(), TestContexts.quiet(5, DataType.FLOAT, dir));
        Path file = dir.resolve("checkpoint.zip");
        assertThrows(IllegalStateException.class, () -> encoder(args).train("m", blobs(48, 2), List.of(),
                checkpointed(TestContexts.quiet(5, DataType.FLOAT, dir), file, 2)));
        assertEquals(2, new org.robustlab.core.models.ModelCheckpoint(file, "key", msg -> { }).load("train").epochsDone(),
                "the killed run left the state after epoch 2");
        TrainedModel resumed = encoder(args).train("m", blobs(48, 2), List.of(),
                checkpointed(TestContexts.quiet(5, DataType.FLOAT, dir), file, 100));
        for (String k : List.of("W", "A", "b", "bn_gamma", "bn_beta", "bn_running_mean", "bn_running_var")) {
            assertEquals(whole.export().arrays().get(k), resumed.export().arrays().get(k), k);
        }
        assertEquals(5, resumed.history().size());
        assertEquals(whole.history().get(4).loss(), resumed.history().get(4).loss(), 0);
    }

    @Test
    void theSeedsExponentialScheduleAndItsStepSchedule() {
        MlpEncoder exp = encoder(Map.of("schedule", "exp", "lr", 1e-3, "decayStart", 90, "decayTau", 30));
        var f = exp.learningRates("m");
        // specreg_schedule in the seed's Training_CIFAR10.ipynb: 1e-3 up to epoch 90, then 1e-3·exp(−(epoch − 90)/30)
        assertEquals(1e-3, f.applyAsDouble(0), 0);
        assertEquals(1e-3, f.applyAsDouble(90), 0);
        assertEquals(1e-3 * Math.exp(-1), f.applyAsDouble(120), 1e-18);
        assertEquals(1e-3 * Math.exp(-909 / 30.0), f.applyAsDouble(999), 1e-25);
        // shlp_schedule: 1e-3 for epoch <= 30, 5e-4 to 90, 2e-4 to 120, 1e-4 to 160, then 1e-5 (LambdaLR counts from 0)
        MlpEncoder step = encoder(Map.of("milestones", List.of(31, 91, 121, 161)));
        var g = step.learningRates("m");
        double[] expected = {1e-3, 1e-3, 5e-4, 5e-4, 2e-4, 2e-4, 1e-4, 1e-4, 1e-5};
        int[] epochs = {0, 30, 31, 90, 91, 120, 121, 160, 161};
        for (int i = 0; i < epochs.length; i++) {
            assertEquals(expected[i], g.applyAsDouble(epochs[i]), 0, "epoch " + epochs[i]);
        }
    }
}
