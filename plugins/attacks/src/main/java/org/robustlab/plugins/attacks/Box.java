package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The pixel box [0, 1]. */
final class Box {
    private Box() {
    }

    /** Clips to [0, 1] in place and returns the argument (modified). */
    static INDArray clip(INDArray x) {
        return Transforms.min(Transforms.max(x, 0.0, false), 1.0, false);
    }
}
