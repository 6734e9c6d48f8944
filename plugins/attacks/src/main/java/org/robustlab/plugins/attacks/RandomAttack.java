package org.robustlab.plugins.attacks;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;

/**
 * Random perturbation: x′ = clip(x + ε u), u = z/‖z‖₂, z ~ N(0, I) drawn per image (METHODS.md §4,
 * the paper's unit vector times ε; the seed code's unnormalised noise is not used).
 */
@Extension
public class RandomAttack implements Attack {
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
        int rows = (int) x.rows();
        int d = (int) x.columns();
        double[] z = new double[rows * d];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        INDArray u = Nd4j.create(z, new long[]{rows, d}, org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        u.diviColumnVector(u.norm2(1).reshape(rows, 1));
        INDArray out = x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).addi(u.muli(epsilon));
        return Box.clip(out).castTo(x.dataType());
    }
}
