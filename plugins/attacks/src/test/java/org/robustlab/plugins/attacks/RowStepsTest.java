package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The row kernels' own pieces against the library functions they stand for. */
class RowStepsTest {
    @Test
    void signHasTheBitsOfMathSignumForEveryKindOfDouble() {
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310, -1e-310, 1e-300,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0, 0.5};
        for (double g : special) {
            assertEquals(Double.doubleToRawLongBits(Math.signum(g)), Double.doubleToRawLongBits(RowSteps.sign(g)), "g = " + g);
        }
        assertEquals(Double.NaN, RowSteps.sign(Double.NaN));
        Random rng = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            // random bit patterns cover every exponent, subnormals included
            double g = Double.longBitsToDouble(rng.nextLong());
            if (!Double.isNaN(g)) {
                assertEquals(Double.doubleToRawLongBits(Math.signum(g)), Double.doubleToRawLongBits(RowSteps.sign(g)), "g = " + g);
            }
        }
    }
}
