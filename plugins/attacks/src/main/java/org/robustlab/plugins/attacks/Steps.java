package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.InputBox;

/**
 * Step directions and projections shared by FGSM and PGD, in float64. L∞ uses sign(g); L2 uses
 * g/‖g‖₂ per row (0 where the gradient is 0, so a flat image is not moved).
 */
final class Steps {
    private Steps() {
    }

    /** Unit step direction per row for {@code norm} ("inf" or "2"), a new float64 array. */
    static INDArray direction(INDArray grad, String norm) {
        INDArray g = grad.castTo(DataType.DOUBLE);
        if ("inf".equals(norm)) {
            return Transforms.sign(g, false);
        }
        INDArray n = g.norm2(1).reshape(g.rows(), 1);
        INDArray safe = Transforms.max(n, 1e-300, true);
        return g.diviColumnVector(safe).muliColumnVector(n.gt(0).castTo(DataType.DOUBLE));
    }

    /**
     * Projects {@code x} onto the ε-ball around {@code x0} in {@code norm}, then clips to [0, 1].
     * Both float64; {@code x} is modified and returned.
     */
    static INDArray project(INDArray x, INDArray x0, double eps, String norm) {
        return project(x, x0, eps, norm, InputBox.PIXELS);
    }

    /** Projects onto the ε-ball around {@code x0}, then clips to {@code box}; {@code x} is modified and returned. */
    static INDArray project(INDArray x, INDArray x0, double eps, String norm, InputBox box) {
        return box.clip(projectBall(x, x0, eps, norm));
    }

    /** Projects {@code x} onto the ε-ball around {@code x0} in {@code norm}, without the box. {@code x} is modified. */
    static INDArray projectBall(INDArray x, INDArray x0, double eps, String norm) {
        INDArray delta = x.sub(x0);
        if ("inf".equals(norm)) {
            delta = Transforms.min(Transforms.max(delta, -eps, false), eps, false);
        } else {
            INDArray n = delta.norm2(1).reshape(delta.rows(), 1);
            INDArray scale = Transforms.min(n.rdiv(eps), 1.0, false);
            scale = scale.muli(n.gt(0).castTo(DataType.DOUBLE)).addi(n.eq(0).castTo(DataType.DOUBLE));
            delta.muliColumnVector(scale);
        }
        return x.assign(x0.add(delta));
    }
}
