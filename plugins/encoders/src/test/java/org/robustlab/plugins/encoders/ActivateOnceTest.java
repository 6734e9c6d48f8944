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
 * A frozen-W training (the KH decoder) that activates its cached pre-activations once per training instead of every
 * batch ends with every bit of the readout the same: ReLU(h)^n is elementwise (float32 and the KH layer's n = 4.5,
 * L3-normalised inputs, shuffled batches over several epochs, a last batch shorter than the others). So does one that
 * gathers its batches into arrays kept across batches and runs the readout's products as GEMMs into them
 * ({@code SupervisedTrainer.frozenBuffers}), whether ĥ is cached or activated per batch from cached h.
 */
class ActivateOnceTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        SupervisedTrainer.activateOnce = true;
        SupervisedTrainer.frozenBuffers = true;
    }

    private float[] initialA;

    private float[][] train(boolean once, String folder) {
        return train(once, true, folder);
    }

    private float[][] train(boolean once, boolean buffers, String folder) {
        SupervisedTrainer.activateOnce = once;
        SupervisedTrainer.frozenBuffers = buffers;
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

    @Test
    void theTrainedReadoutIsBitIdenticalToActivatingEveryBatch() {
        float[][] once = train(true, "once");
        float[][] perBatch = train(false, "per-batch");
        assertArrayEquals(perBatch[0], once[0], 0f, "A"); // delta 0: every bit
        assertArrayEquals(perBatch[1], once[1], 0f, "b");
        assertFalse(java.util.Arrays.equals(once[0], initialA), "training moved A (the comparison is not of two untouched arrays)");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void keptBuffersAndGemmsGiveTheSameBitsAsFreshArraysAndMmul(boolean once) {
        float[][] buffered = train(once, true, "buffered");
        float[][] plain = train(once, false, "plain");
        assertArrayEquals(plain[0], buffered[0], 0f, "A"); // delta 0: every bit
        assertArrayEquals(plain[1], buffered[1], 0f, "b");
        assertFalse(java.util.Arrays.equals(buffered[0], initialA), "training moved A (the comparison is not of two untouched arrays)");
    }
}
