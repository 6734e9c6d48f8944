package org.robustlab.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class WhiteNoiseTest {
    @Test
    void standardNormalAndSeeded() {
        INDArray a = WhiteNoise.images(400, 3072, 7, DataType.DOUBLE);
        assertEquals(0, a.meanNumber().doubleValue(), 0.005);   // sd of the mean: 1/sqrt(1.2e6) ≈ 0.0009
        assertEquals(1, a.stdNumber().doubleValue(), 0.005);
        assertEquals(a, WhiteNoise.images(400, 3072, 7, DataType.DOUBLE));
        assertNotEquals(a, WhiteNoise.images(400, 3072, 8, DataType.DOUBLE));
    }
}
