package org.robustlab.api;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The box [lo, hi] every input coordinate must stay in (since API 0.2.0): [0, 1] for pixels; for
 * attacks in a model's preprocessed input space ({@code space: 'model'}) [0, ∞) unless the study
 * says otherwise. {@code hi} may be {@link Double#POSITIVE_INFINITY}.
 *
 * @param lo lower bound
 * @param hi upper bound, at least {@code lo}
 */
public record InputBox(double lo, double hi) {
    /** Pixels in [0, 1]. */
    public static final InputBox PIXELS = new InputBox(0, 1);

    public InputBox {
        if (!(lo <= hi) || Double.isNaN(lo)) {
            throw new RobustlabException("box [" + lo + ", " + hi + "] is empty; give box: [lo, hi] with lo <= hi");
        }
    }

    /** Clips {@code x} to the box in place and returns it (modified). */
    public INDArray clip(INDArray x) {
        INDArray out = Double.isInfinite(lo) ? x : Transforms.max(x, lo, false);
        return Double.isInfinite(hi) ? out : Transforms.min(out, hi, false);
    }

    /** Whether every entry of {@code x} lies in the box, up to {@code tol}. */
    public boolean contains(INDArray x, double tol) {
        return x.minNumber().doubleValue() >= lo - tol && x.maxNumber().doubleValue() <= hi + tol;
    }

    @Override
    public String toString() {
        return "[" + lo + ", " + (Double.isInfinite(hi) ? "inf" : Double.toString(hi)) + "]";
    }
}
