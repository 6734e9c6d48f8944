package org.robustlab.plugins.attacks;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Extension;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Param;
import org.robustlab.numerics.RowPasses;
import org.robustlab.numerics.StepMemory;

/**
 * Auto-PGD on the cross-entropy (Croce &amp; Hein 2020, "Reliable evaluation of adversarial robustness with an ensemble
 * of diverse parameter-free attacks", Algorithm 1; the step schedule of the authors' {@code autopgd_base.py}): a
 * budget-aware step size without tuning. Per image, η starts at 2ε; each step is
 * z = P(x_k + η d(∇)), x_{k+1} = P(x_k + a(z − x_k) + (1 − a)(x_k − x_{k−1})) with momentum a = 0.75 (a = 1 on the
 * first step). At checkpoints (first after 22% of the steps, then ever closer, at least 6% apart) η is halved and the
 * iterate restarts from the best point so far when fewer than 75% of the steps since the last checkpoint raised the
 * loss, or when the last checkpoint did not halve η and the best loss has not improved since. Each image keeps the
 * first point that fools the model, else the point of highest loss. d = sign(∇) for L∞, ∇/‖∇‖₂ for L2; P projects
 * onto the ε-ball and the box.
 */
@Extension
public class ApgdAttack implements Attack {
    static final double MOMENTUM = 0.75;
    static final double RHO = 0.75;

    @Param(description = "iterations per run (AutoAttack uses 100)", min = 1)
    int steps = 100;
    @Param(description = "norm of the perturbation budget", choices = {"inf", "2"})
    String norm = "inf";
    @Param(description = "extra runs from random starts in the eps-ball; each image keeps its strongest result", min = 0)
    int restarts = 0;
    @Param(description = "start the first run from a uniform random point in the eps-ball instead of the clean image")
    boolean randomStart = false;

    /** The whole-array ND4J expressions instead of the fused row passes (the reference the tests compare with). */
    boolean plainSteps = false;

    @Override
    public String name() {
        return "apgd";
    }

    @Override
    public String description() {
        return "Auto-PGD on the cross-entropy: step size halved at loss-progress checkpoints, momentum 0.75, no tuning";
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

    @Override
    public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double[] epsilon, Random rng, InputBox box) {
        INDArray x0 = RowPasses.contiguous(x.castTo(DataType.DOUBLE));
        INDArray best = null;
        double[] bestScore = null;
        for (int run = 0; run <= restarts; run++) {
            INDArray start = randomStart || run > 0 ? Steps.randomStart(x0, epsilon, norm, rng, box) : x0.dup();
            Run r = run(model, x0, labels, epsilon, RowPasses.contiguous(start), x.dataType(), box);
            if (best == null) {
                best = r.result;
                bestScore = r.score;
            } else {
                Steps.keepStronger(best, bestScore, r.result, r.score);
            }
        }
        return best.castTo(x.dataType());
    }

    /** The checkpoint iterations w_1 &lt; w_2 &lt; …: p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06). */
    static boolean[] checkpoints(int n) {
        boolean[] at = new boolean[n + 1];
        double prev = 0;
        double p = 0.22;
        while (true) {
            int w = (int) Math.ceil(p * n - 1e-9); // 0.41 * 100 is 41.00000000000001
            if (w >= n) {
                break;
            }
            at[w] = true;
            double next = p + Math.max(p - prev - 0.03, 0.06);
            prev = p;
            p = next;
        }
        return at;
    }

    private record Run(INDArray result, double[] score) {
    }

    private Run run(DifferentiableModel model, INDArray x0, int[] labels, double[] eps, INDArray start, DataType type,
                    InputBox box) {
        int n = labels.length;
        double[] eta = new double[n];
        for (int i = 0; i < n; i++) {
            eta[i] = 2 * eps[i];
        }
        // x, xPrev, grad and xModel (x in the model's type) are this run's own arrays, overwritten every iteration;
        // everything else an iteration makes lives in reused step memory
        INDArray x = start;
        INDArray xPrev = x.dup('c');
        INDArray xModel = type == DataType.DOUBLE ? x : x.castTo(type).dup('c');
        // the loss of each iterate and its gradient from one forward pass where the model offers it (same values)
        DifferentiableModel.LogitsAndGradient start0 = model.logitsAndLossInputGradient(xModel, labels);
        Steps.Loss first = Steps.lossOf(start0.logits(), labels);
        double[] loss = first.crossEntropy();
        INDArray grad = start0.gradient().castTo(DataType.DOUBLE).dup('c');
        INDArray xMax = x.dup('c');
        INDArray gradMax = grad.dup('c');
        double[] lossMax = loss.clone();
        INDArray fooledAt = x.dup('c');
        boolean[] fooled = first.fooled();
        boolean[] at = checkpoints(steps);
        int[] increases = new int[n];
        int sinceCheckpoint = 0;
        boolean[] halvedLast = new boolean[n];
        double[] lossMaxAtCheckpoint = lossMax.clone();
        for (int k = 0; k < steps; k++) {
            try (StepMemory.Scope iteration = StepMemory.open(ITERATION_MEMORY)) {
                double a = k == 0 ? 1 : MOMENTUM;
                if (plainSteps) {
                    ApgdSteps.plainMomentumStep(x, xPrev, x0, grad, eta, eps, a, norm, box, xModel);
                } else {
                    ApgdSteps.momentumStep(x, xPrev, x0, grad, eta, eps, a, norm, box, xModel);
                }
                DifferentiableModel.LogitsAndGradient point = model.logitsAndLossInputGradient(xModel, labels);
                Steps.Loss now = Steps.lossOf(point.logits(), labels);
                double[] newLoss = now.crossEntropy();
                boolean[] nowFooled = now.fooled();
                grad.assign(point.gradient().castTo(DataType.DOUBLE));
                boolean[] improved = new boolean[n];
                boolean[] newlyFooled = new boolean[n];
                for (int i = 0; i < n; i++) {
                    if (newLoss[i] > loss[i]) {
                        increases[i]++;
                    }
                    if (newLoss[i] > lossMax[i]) {
                        lossMax[i] = newLoss[i];
                        improved[i] = true;
                    }
                    if (nowFooled[i] && !fooled[i]) {
                        fooled[i] = true;
                        newlyFooled[i] = true;
                    }
                }
                copyRows(xMax, x, improved);
                copyRows(gradMax, grad, improved);
                copyRows(fooledAt, x, newlyFooled);
                loss = newLoss;
                sinceCheckpoint++;
                if (at[k + 1]) {
                    boolean[] restart = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        boolean oscillating = increases[i] < RHO * sinceCheckpoint;
                        boolean stalled = !halvedLast[i] && lossMax[i] <= lossMaxAtCheckpoint[i];
                        halvedLast[i] = oscillating || stalled;
                        if (halvedLast[i]) {
                            eta[i] /= 2;
                            restart[i] = true;
                        }
                        increases[i] = 0;
                        lossMaxAtCheckpoint[i] = lossMax[i];
                    }
                    // xPrev already holds the previous iterate, so x may be changed in place
                    copyRows(x, xMax, restart);
                    copyRows(grad, gradMax, restart);
                    sinceCheckpoint = 0;
                }
            }
        }
        INDArray result = xMax.dup('c');
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            score[i] = (fooled[i] ? 1e12 : 0) + lossMax[i];
        }
        copyRows(result, fooledAt, fooled);
        return new Run(result, score);
    }

    /** The {@link StepMemory} block of one iteration's temporaries (the model's passes, the gradient's cast). */
    private static final String ITERATION_MEMORY = "robustlab-apgd-iteration";

    private void copyRows(INDArray target, INDArray source, boolean[] take) {
        if (plainSteps) {
            ApgdSteps.plainCopyRows(target, source, take);
        } else {
            ApgdSteps.copyRows(target, source, take);
        }
    }
}
