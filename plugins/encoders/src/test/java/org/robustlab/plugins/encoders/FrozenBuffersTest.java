package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Dataset;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.testkit.TestImages;

/**
 * A frozen-W training (the KH decoder) whose batches are gathered into arrays kept across batches, with the readout's
 * products as GEMMs into them, ends with every bit of the readout the same as the plain path's fresh arrays and
 * {@code mmul}s (float32, L3-normalised inputs, n = 4.5, shuffled batches over several epochs, a last batch shorter
 * than the others), whether ĥ is cached or activated per batch from cached h.
 */
class FrozenBuffersTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        SupervisedTrainer.frozenBuffers = true;
        SupervisedTrainer.activateOnce = true;
    }

    private float[] initialA;

    private float[][] train(boolean buffers, boolean activateOnce, String folder) {
        SupervisedTrainer.frozenBuffers = buffers;
        SupervisedTrainer.activateOnce = activateOnce;
        Dataset data = TestImages.dataset(300, 4, 5);
        Random rng = new Random(3);
        int d = TestImages.CIFAR_PIXELS;
        INDArray w = Init.gaussian(24, d, 1, rng, DataType.FLOAT);
        INDArray a = Init.uniform(4, 24, 0.2, rng, DataType.FLOAT);
        initialA = a.dup().data().asFloat();
        INDArray b = Init.uniform(1, 4, 0.2, rng, DataType.FLOAT);
        HiddenLayerModel model = new HiddenLayerModel("m", "kh", w, a, b, 4.5, Preprocess.lpNormalize(3));
        SupervisedTrainer.train(model, data, List.of(), 3, 64, new double[]{1e-2}, new int[0], false, "decoder",
                TestContexts.quiet(1, DataType.FLOAT, dir.resolve(folder)));
        return new float[][]{model.a.dup().data().asFloat(), model.b.dup().data().asFloat()};
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theTrainedReadoutIsBitIdenticalToFreshArraysAndMmul(boolean activateOnce) {
        float[][] buffered = train(true, activateOnce, "buffered");
        float[][] plain = train(false, activateOnce, "plain");
        assertArrayEquals(plain[0], buffered[0], 0f, "A"); // delta 0: every bit
        assertArrayEquals(plain[1], buffered[1], 0f, "b");
        assertFalse(java.util.Arrays.equals(buffered[0], initialA), "training moved A (the comparison is not of two untouched arrays)");
    }
}
