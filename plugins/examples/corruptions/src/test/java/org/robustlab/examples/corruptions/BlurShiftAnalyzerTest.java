package org.robustlab.examples.corruptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Quantiles;

class BlurShiftAnalyzerTest {
    private final INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3072);

    @Test
    void noiseHasTheSameLengthAsTheBlurChange() {
        INDArray blurred = BlurShiftAnalyzer.blurAll(x, 1.0);
        INDArray noisy = BlurShiftAnalyzer.equalNormNoise(x, blurred, new Random(3));
        assertArrayEquals(BlurShiftAnalyzer.rowNorms(blurred.sub(x)), BlurShiftAnalyzer.rowNorms(noisy.sub(x)), 1e-9);
    }

    @Test
    void identityRepresentationShiftsByTheRelativeInputChange() {
        INDArray blurred = BlurShiftAnalyzer.blurAll(x, 1.0);
        double[] shifts = BlurShiftAnalyzer.relativeShifts(a -> a, x, blurred);
        double[] change = BlurShiftAnalyzer.rowNorms(blurred.sub(x));
        double[] size = BlurShiftAnalyzer.rowNorms(x);
        for (int i = 0; i < shifts.length; i++) {
            assertEquals(change[i] / size[i], shifts[i], 1e-12);
        }
        // A representation that ignores high frequencies barely moves under blur: the mean over pixels.
        double[] meanShift = BlurShiftAnalyzer.relativeShifts(a -> a.mean(1).reshape(a.rows(), 1), x, blurred);
        assertEquals(0, Quantiles.median(meanShift), 0.02);
    }

    @Test
    void rowsWithAZeroRepresentationAreLeftOut() {
        assertEquals(0, BlurShiftAnalyzer.relativeShifts(a -> Nd4j.zeros(DataType.DOUBLE, a.rows(), 4), x, x).length);
        assertEquals(2.5, Quantiles.median(new double[]{4, 1, 3, 2}), 0);
        assertEquals(0.5, BlurShiftAnalyzer.flipRate(new int[]{1, 2}, new int[]{1, 3}), 0);
    }
}
