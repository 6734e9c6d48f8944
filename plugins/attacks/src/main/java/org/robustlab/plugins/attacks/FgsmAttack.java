package org.robustlab.plugins.attacks;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Param;

/** Fast gradient sign method: x′ = clip(x + ε sign(∇_x CE)) for L∞, or clip(x + ε ∇/‖∇‖₂) for L2 (docs/methods.md §4). */
@Extension
public class FgsmAttack implements Attack {
    @Param(description = "norm of the perturbation budget", choices = {"inf", "2"})
    String norm = "inf";

    @Override
    public String name() {
        return "fgsm";
    }

    @Override
    public String description() {
        return "one gradient step of length eps (sign step for Linf, normalised for L2)";
    }

    @Override
    public String norm() {
        return norm;
    }

    @Override
    public int gradientEvaluations() {
        return 1;
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
        return perturb(model, x, labels, epsilon, rng, InputBox.PIXELS);
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng, InputBox box) {
        INDArray x0 = x.castTo(DataType.DOUBLE);
        INDArray step = Steps.direction(model.lossInputGradient(x, labels), norm).muli(epsilon);
        return Steps.project(x0.add(step), x0, epsilon, norm, box).castTo(x.dataType());
    }

    /** One batched step with a budget per image (the minimal-ε search). */
    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, Random rng, InputBox box) {
        INDArray x0 = x.castTo(DataType.DOUBLE);
        INDArray eps = Steps.column(epsilon);
        INDArray step = Steps.direction(model.lossInputGradient(x, labels), norm).muliColumnVector(eps);
        return Steps.project(x0.add(step), x0, eps, norm, box).castTo(x.dataType());
    }
}
