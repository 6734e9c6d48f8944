package org.robustlab.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Central-difference (five-point) checks of hand-written gradients in float64 (DL4J's GradientCheckUtil style). */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * Perturbs every entry of {@code param} (modified during the check, restored after) and
     * compares (f(p+h) − f(p−h)) / 2h with {@code analytic}.
     */
    public static void assertGradient(String what, DoubleSupplier f, INDArray param, INDArray analytic) {
        assertTrue(param.dataType() == DataType.DOUBLE, "gradient checks run in float64");
        INDArray flatParam = param.reshape(param.length());
        INDArray flatGrad = analytic.reshape(analytic.length());
        double scale = Math.max(1, Math.abs(f.getAsDouble()));
        double worst = 0;
        String where = "";
        for (long i = 0; i < flatParam.length(); i++) {
            double orig = flatParam.getDouble(i);
            double h = Tolerances.FD_STEP;
            double[] v = new double[4];
            double[] offsets = {2 * h, h, -h, -2 * h};
            for (int k = 0; k < 4; k++) {
                flatParam.putScalar(i, orig + offsets[k]);
                v[k] = f.getAsDouble();
            }
            flatParam.putScalar(i, orig);
            // five-point central stencil, truncation error O(h^4)
            double numeric = (-v[0] + 8 * v[1] - 8 * v[2] + v[3]) / (12 * h);
            double a = flatGrad.getDouble(i);
            double rel = Math.abs(a - numeric) <= Tolerances.GRADIENT_ABSOLUTE_FLOOR * scale ? 0 : relativeError(a, numeric);
            if (rel > worst) {
                worst = rel;
                where = "entry " + i + ": analytic " + a + ", numeric " + numeric;
            }
        }
        assertTrue(worst <= Tolerances.GRADIENT_RELATIVE, what + ": max relative error " + worst + " at " + where);
    }

    /** |a−n|/(|a|+|n|). */
    public static double relativeError(double a, double n) {
        if (a == n) {
            return 0;
        }
        return Math.abs(a - n) / (Math.abs(a) + Math.abs(n));
    }
}
