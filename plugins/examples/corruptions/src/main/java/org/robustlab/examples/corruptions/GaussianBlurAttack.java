package org.robustlab.examples.corruptions;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Param;

/**
 * DSL: {@code attack blur(sigma: 1.5)}. A natural corruption rather than a worst case: each image
 * moves towards its Gaussian-blurred version by at most ε in L2, x′ = x + min(1, ε/‖d‖)·d with
 * d = blur(x) − x. The path is a convex combination of two [0, 1] images, so no clipping is
 * needed; large ε gives the fully blurred image. Ignores the model and the labels.
 */
@Extension
public class GaussianBlurAttack implements Attack {
    @Param(description = "standard deviation of the Gaussian kernel, in pixels", min = 0.1, max = 16)
    double sigma = 1.0;

    @Override
    public String name() {
        return "blur";
    }

    @Override
    public String description() {
        return "moves each image towards its Gaussian blur by at most ε (L2)";
    }

    @Override
    public String norm() {
        return "2";
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
        int n = (int) x.rows();
        int d = (int) x.columns();
        GaussianBlur blur = GaussianBlur.forRgbRows(d, sigma);
        double[] all = x.castTo(DataType.DOUBLE).data().asDouble();
        double[] out = new double[all.length];
        for (int i = 0; i < n; i++) {
            double[] image = java.util.Arrays.copyOfRange(all, i * d, (i + 1) * d);
            double[] target = blur.apply(image);
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += (target[j] - image[j]) * (target[j] - image[j]);
            }
            norm = Math.sqrt(norm);
            double t = norm == 0 ? 0 : Math.min(1, epsilon / norm);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = image[j] + t * (target[j] - image[j]);
            }
        }
        return Nd4j.create(out, new long[]{n, d}, DataType.DOUBLE).castTo(x.dataType());
    }
}
