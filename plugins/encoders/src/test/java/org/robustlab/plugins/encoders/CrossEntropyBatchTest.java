package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The one-pass cross-entropy kernel against the plain ND4J ops it replaces, on random logits. */
class CrossEntropyBatchTest {
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"}, mode = Mode.INCLUDE)
    void matchesThePlainOps(DataType type) {
        Random rng = new Random(3);
        int b = 257;
        int c = 10;
        double[] v = new double[b * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = 6 * rng.nextGaussian() + (i % 7 == 0 ? 40 : 0); // large logits too: the max shift must be right
        }
        INDArray logits = Nd4j.create(v, new long[]{b, c}, DataType.DOUBLE).castTo(type);
        int[] labels = new int[b];
        for (int i = 0; i < b; i++) {
            labels[i] = rng.nextInt(c);
        }
        HiddenLayerOps.CrossEntropyBatch fast = HiddenLayerOps.crossEntropyBatch(logits, labels);
        double plainLoss = HiddenLayerOps.crossEntropy(logits, labels).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        INDArray plainGrad = HiddenLayerOps.crossEntropyGradient(logits, labels).castTo(DataType.DOUBLE);
        int[] pred = logits.argMax(1).toIntVector();
        int plainCorrect = 0;
        for (int i = 0; i < b; i++) {
            plainCorrect += pred[i] == labels[i] ? 1 : 0;
        }
        double tol = type == DataType.DOUBLE ? 1e-12 : 1e-4;
        assertEquals(plainLoss, fast.lossSum(), tol * Math.abs(plainLoss));
        assertEquals(type, fast.dLogits().dataType());
        double diff = fast.dLogits().castTo(DataType.DOUBLE).sub(plainGrad).amaxNumber().doubleValue();
        assertTrue(diff <= (type == DataType.DOUBLE ? 1e-14 : 1e-6), "max |fast − plain| gradient " + diff);
        assertEquals(plainCorrect, fast.correct());
        assertTrue(plainCorrect > 0 && plainCorrect < b, "the case should have right and wrong predictions: " + plainCorrect);
    }
}
