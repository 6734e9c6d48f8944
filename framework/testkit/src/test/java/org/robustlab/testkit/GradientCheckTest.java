package org.robustlab.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The check passes a right gradient and fails a wrong one, and refuses float32. */
class GradientCheckTest {
    private final INDArray p = Nd4j.createFromArray(0.3, -1.2, 2.0).reshape(3, 1);

    /** f(p) = Σ sin(p)·p², f' = cos(p)·p² + 2p·sin(p). */
    private double f() {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            double v = p.getDouble(i);
            s += Math.sin(v) * v * v;
        }
        return s;
    }

    private INDArray gradient(double error) {
        INDArray g = Nd4j.create(DataType.DOUBLE, 3, 1);
        for (int i = 0; i < 3; i++) {
            double v = p.getDouble(i);
            g.putScalar(i, Math.cos(v) * v * v + 2 * v * Math.sin(v) + (i == 1 ? error : 0));
        }
        return g;
    }

    @Test
    void aRightGradientPasses() {
        GradientCheck.assertGradient("sin p²", this::f, p, gradient(0));
    }

    @Test
    void anErrorOfOnePartInTenThousandFails() {
        double g1 = gradient(0).getDouble(1);
        assertThrows(AssertionError.class, () -> GradientCheck.assertGradient("wrong", this::f, p, gradient(1e-4 * Math.abs(g1))));
    }

    @Test
    void float32IsRefused() {
        INDArray q = p.castTo(DataType.FLOAT);
        assertThrows(AssertionError.class, () -> GradientCheck.assertGradient("float", () -> q.sumNumber().doubleValue(), q,
                Nd4j.ones(DataType.FLOAT, 3, 1)));
    }
}
