package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Dataset;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.testkit.TestImages;

/**
 * Normalising the L_p inputs once per training instead of every batch changes no bit of the trained model: the
 * same kernel normalises each row either way (float32, as the reproduction trains, with shuffled batches over
 * several epochs).
 */
class PreprocessOnceTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        SupervisedTrainer.preprocessOnce = true;
    }

    private float[] initialW;

    private float[][] train(boolean once, String folder) {
        SupervisedTrainer.preprocessOnce = once;
        Dataset data = TestImages.dataset(300, 4, 5);
        Random rng = new Random(3);
        int d = TestImages.CIFAR_PIXELS;
        INDArray w = Init.gaussian(24, d, Math.sqrt(2.0 / d), rng, DataType.FLOAT);
        initialW = w.dup().data().asFloat();
        INDArray a = Init.uniform(4, 24, 0.2, rng, DataType.FLOAT);
        INDArray b = Init.uniform(1, 4, 0.2, rng, DataType.FLOAT);
        HiddenLayerModel model = new HiddenLayerModel("m", "mlp", w, a, b, 1.0, Preprocess.lpNormalize(3));
        SupervisedTrainer.train(model, data, List.of(), 3, 64, new double[]{1e-2, 1e-3}, new int[]{2}, true, "train",
                TestContexts.quiet(1, DataType.FLOAT, dir.resolve(folder)));
        return new float[][]{model.w.dup().data().asFloat(), model.a.dup().data().asFloat(), model.b.dup().data().asFloat()};
    }

    @Test
    void theTrainedModelIsBitIdenticalToNormalisingEveryBatch() {
        float[][] once = train(true, "once");
        float[][] perBatch = train(false, "per-batch");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(perBatch[i], once[i], 0f, List.of("W", "A", "b").get(i)); // delta 0: every bit
        }
        assertFalse(java.util.Arrays.equals(once[0], initialW), "training moved W (the comparison is not of two untouched arrays)");
    }
}
