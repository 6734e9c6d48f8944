package org.robustlab.plugins.attacks;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Param;

/**
 * Random perturbation: x′ = clip(x + ε u), u = z/‖z‖₂, z ~ N(0, I) drawn per image (docs/methods.md §4,
 * the paper's unit vector times ε). {@code normalize: false, clip: false} is the seed code's
 * variant x′ = x + ε z (src/LocalLearning/Attacks.py, {@code WhiteGaussianPerturbation}): ε is then the
 * noise's standard deviation, ‖x′ − x‖₂ ≈ ε√D, and x′ may leave the box; the host measures critical
 * distances as ‖x′ − x‖₂ either way.
 */
@Extension
public class RandomAttack implements Attack {
    @Param(description = "scale the Gaussian direction to unit L2 length (false: x + eps * z, z ~ N(0, I), as the seed code)")
    boolean normalize = true;
    @Param(description = "clip to the [0,1] box (false: the seed code's unclipped noise)")
    boolean clip = true;

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "random unit-L2 Gaussian direction times eps, clipped to [0,1]";
    }

    @Override
    public String norm() {
        return "2";
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
        return perturb(model, x, labels, epsilon, rng, InputBox.PIXELS);
    }

    @Override
    public boolean boundedByEpsilon() {
        return normalize;
    }

    @Override
    public boolean staysInBox() {
        return clip;
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng, InputBox box) {
        return perturb(model, x, labels, Steps.repeat(epsilon, (int) x.rows()), rng, box);
    }

    /** One batched draw with a budget per image (the minimal-ε search); the same draws as the one-budget call. */
    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, Random rng, InputBox box) {
        int rows = (int) x.rows();
        int d = (int) x.columns();
        double[] z = new double[rows * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        INDArray u = Nd4j.create(z, new long[]{rows, d}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (normalize) {
            u.diviColumnVector(u.norm2(1).reshape(rows, 1));
        }
        INDArray out = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).addi(u.muliColumnVector(Steps.column(epsilon)));
        return (clip ? box.clip(out) : out).castTo(x.dataType());
    }
}
