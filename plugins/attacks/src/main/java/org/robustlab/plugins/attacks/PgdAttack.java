package org.robustlab.plugins.attacks;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.numerics.RowPasses;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Param;

/**
 * Projected gradient descent (Madry et al. 2018; docs/methods.md §4): {@code steps} steps of
 * x ← clip(Π_ε(x + α·d)), d = sign(∇) for L∞ or ∇/‖∇‖₂ for L2, projecting and clipping every
 * step. α = stepScale·ε/steps (2.5ε/N by default), or a fixed {@code stepSize} (the seed code's
 * {@code dl}: 0.01, with α = smallEpsStepScale·ε when ε < stepSize). {@code clip: 'end'} clamps to the
 * box once after the last step, as the seed code does; projection onto the ε-ball is every step in
 * both modes. With restarts, each image keeps the run that fools the model, else the one with the
 * highest loss.
 */
@Extension
public class PgdAttack implements Attack {
    @Param(description = "gradient steps per run", min = 1)
    int steps = 10;
    @Param(description = "norm of the perturbation budget", choices = {"inf", "2"})
    String norm = "inf";
    @Param(description = "step size as a multiple of eps/steps (alpha = stepScale * eps / steps)", min = 0)
    double stepScale = 2.5;
    @Param(description = "start from a uniform random point in the eps-ball instead of the clean image")
    boolean randomStart = false;
    @Param(description = "extra runs from random starts; each image keeps its strongest result", min = 0)
    int restarts = 0;
    @Param(description = "fixed step size alpha (0: stepScale * eps / steps); the seed code uses 0.01", min = 0)
    double stepSize = 0;
    @Param(description = "with stepSize: alpha = smallEpsStepScale * eps when eps < stepSize (the seed code: 0.1)", min = 0)
    double smallEpsStepScale = 0.1;
    @Param(description = "when to clamp to the [0,1] box: every step, or once after the last step (the seed code)",
            choices = {"step", "end"})
    String clip = "step";

    @Override
    public String name() {
        return "pgd";
    }

    @Override
    public String description() {
        return "projected gradient descent in the eps-ball, clipped to [0,1] every step";
    }

    @Override
    public String norm() {
        return norm;
    }

    @Override
    public int gradientEvaluations() {
        return steps * (restarts + 1);
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
        return perturb(model, x, labels, epsilon, rng, InputBox.PIXELS);
    }

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng, InputBox box) {
        return perturb(model, x, labels, Steps.repeat(epsilon, (int) x.rows()), rng, box);
    }

    /** All images in one batch, each with its own budget (and step length α(ε_i)). */
    @Override
    public synchronized INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, Random rng,
                                         InputBox box) {
        // the clean images as given (read as float64 by the fused pass: the same values as a float64 copy, without one)
        INDArray clean = RowPasses.contiguous(x);
        INDArray x0 = x.dataType() == DataType.DOUBLE ? clean : null; // a float64 copy only for random starts
        double[] alpha = alphas(epsilon);
        INDArray best = null;
        double[] bestScore = null;
        for (int run = 0; run <= restarts; run++) {
            boolean random = randomStart || run > 0;
            if (random && x0 == null) {
                x0 = clean.castTo(DataType.DOUBLE);
            }
            INDArray start;
            if (random) {
                start = Steps.randomStart(x0, epsilon, norm, rng, box);
            } else if (x.dataType() == DataType.DOUBLE) {
                start = clean.dup(); // returned: a fresh array
            } else {
                // the float64 iterate of a float32 model is not returned (the result is cast): reuse it across calls
                iterateBuffer = RowPasses.like(iterateBuffer, DataType.DOUBLE, clean.rows(), clean.columns());
                start = iterateBuffer.assign(clean);
            }
            INDArray adv = run(model, clean, labels, epsilon, alpha, start, x.dataType(), box);
            if (restarts == 0) {
                return adv; // nothing to rank: no scoring forward pass
            }
            double[] score = Steps.loss(model, adv, labels, x.dataType()).score();
            if (best == null) {
                best = adv;
                bestScore = score;
            } else {
                Steps.keepStronger(best, bestScore, adv, score);
            }
        }
        return best;
    }

    /** The iterate in the model's type and the gradient, reused across calls of one shape (perturb is synchronized). */
    private INDArray modelBuffer;
    private INDArray gradBuffer;
    private INDArray iterateBuffer;

    /** The step length of each image's budget. */
    private double[] alphas(double[] epsilon) {
        double[] a = new double[epsilon.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = alpha(epsilon[i]);
        }
        return a;
    }

    /** The step length α for budget ε. */
    double alpha(double eps) {
        if (stepSize > 0) {
            return eps < stepSize ? smallEpsStepScale * eps : stepSize;
        }
        return stepScale * eps / steps;
    }

    /**
     * The steps of one run: the model's gradient into a reused array ({@link DifferentiableModel#lossInputGradient(
     * INDArray, int[], INDArray)}) and one fused pass for direction, step, projection, clip and the iterate in the
     * model's number type ({@link Steps#fusedStep}): no batch-sized allocation per step. {@link #runPlain} is its
     * oracle.
     */
    private INDArray run(DifferentiableModel model, INDArray x0, int[] labels, double[] e, double[] a, INDArray adv,
                         DataType type, InputBox box) {
        boolean everyStep = "step".equals(clip);
        // kept across calls (a fresh 12 MB array costs ~45 ms of page faults on a VM; a PGD step ~150 ms)
        modelBuffer = type == DataType.DOUBLE ? null : RowPasses.like(modelBuffer, type, adv.rows(), adv.columns());
        INDArray advModel = type == DataType.DOUBLE ? adv : modelBuffer.assign(adv);
        gradBuffer = RowPasses.like(gradBuffer, type, adv.rows(), adv.columns());
        INDArray grad = gradBuffer;
        for (int s = 0; s < steps; s++) {
            model.lossInputGradient(advModel, labels, grad);
            Steps.fusedStep(adv, x0, grad, a, e, norm, everyStep ? box : null, advModel);
        }
        return (everyStep ? adv : box.clip(adv)).castTo(type);
    }

    /** The steps as plain ND4J expressions: the oracle of {@link #run} ({@code PgdFusedStepTest}). */
    INDArray runPlain(DifferentiableModel model, INDArray x0, int[] labels, double[] epsilon, double[] alphas, INDArray adv,
                      DataType type, InputBox box) {
        boolean everyStep = "step".equals(clip);
        INDArray eps = Steps.column(epsilon);
        INDArray alpha = Steps.column(alphas);
        for (int s = 0; s < steps; s++) {
            INDArray grad = model.lossInputGradient(adv.castTo(type), labels);
            adv.addi(Steps.direction(grad, norm).muliColumnVector(alpha));
            if (everyStep) {
                Steps.project(adv, x0, eps, norm, box);
            } else {
                Steps.projectBall(adv, x0, eps, norm);
            }
        }
        return (everyStep ? adv : box.clip(adv)).castTo(type);
    }

    /** One run from {@code start} (modified) with the fused steps, or the plain ones: for the equivalence test. */
    INDArray runFrom(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, INDArray start, InputBox box,
                     boolean plain) {
        INDArray x0 = x.castTo(DataType.DOUBLE);
        double[] a = alphas(epsilon);
        return plain ? runPlain(model, x0, labels, epsilon, a, start, x.dataType(), box)
                : run(model, x0, labels, epsilon, a, start, x.dataType(), box);
    }
}
