package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.InputBox;
import org.robustlab.numerics.RowPasses;

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

    /** A float64 column (N×1) holding each image's budget. */
    static INDArray column(double[] eps) {
        return Nd4j.create(eps.clone(), new long[]{eps.length, 1}, DataType.DOUBLE);
    }

    /** {@code eps} for each of {@code rows} images. */
    static double[] repeat(double eps, int rows) {
        double[] e = new double[rows];
        java.util.Arrays.fill(e, eps);
        return e;
    }

    /** Projects onto each row's ε-ball ({@code eps} an N×1 column), then clips to {@code box}; {@code x} is modified. */
    static INDArray project(INDArray x, INDArray x0, INDArray eps, String norm, InputBox box) {
        return box.clip(projectBall(x, x0, eps, norm));
    }

    /**
     * Projects row i of {@code x} onto the ball of radius eps[i] (an N×1 column) around row i of {@code x0}, without
     * the box. {@code x} is modified. With equal radii it gives the same bits as the one-radius version (the clamp is
     * exact, and eps/‖δ‖ is the same division).
     */
    static INDArray projectBall(INDArray x, INDArray x0, INDArray eps, String norm) {
        if ("inf".equals(norm) && eps.length() > 0) {
            double first = eps.getDouble(0);
            if (eps.maxNumber().doubleValue() == first && eps.minNumber().doubleValue() == first) {
                return projectBall(x, x0, first, norm); // one radius: the scalar clamp, no broadcast array
            }
        }
        INDArray delta = x.sub(x0);
        if ("inf".equals(norm)) {
            INDArray hi = eps.broadcast(delta.shape());
            delta = Transforms.min(Transforms.max(delta, hi.neg(), false), hi, false);
        } else {
            INDArray n = delta.norm2(1).reshape(delta.rows(), 1);
            INDArray scale = Transforms.min(eps.div(n), 1.0, false);
            scale = scale.muli(n.gt(0).castTo(DataType.DOUBLE)).addi(n.eq(0).castTo(DataType.DOUBLE));
            delta.muliColumnVector(scale);
        }
        return x.assign(x0.add(delta));
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

    /**
     * One projected step for every row i in a single pass (the fused twin of {@link #direction}, the ε-ball
     * projection and {@link InputBox#clip}): adv_i ← clip(Π_{ε_i}(adv_i + α_i·d_i)) with d = sign(g) for L∞ or
     * g/‖g‖₂ for L2 (0 where g is 0), and {@code advModel} ← adv rounded to its type, ready for the next gradient.
     * The same float64 arithmetic in the same order as the plain expressions, so L∞ steps give identical bits;
     * L2 norms are summed in another order (1e-15 relative).
     *
     * @param adv      N×D float64 iterate (modified)
     * @param x0       N×D float64 clean images
     * @param grad     N×D loss gradient at {@code advModel}
     * @param alpha    step length per row
     * @param eps      budget per row
     * @param box      the box to clip to after the projection, or null to skip the clip
     * @param advModel N×D array the model evaluates (modified); may be {@code adv} itself
     */
    static void fusedStep(INDArray adv, INDArray x0, INDArray grad, double[] alpha, double[] eps, String norm, InputBox box,
                          INDArray advModel) {
        boolean inf = "inf".equals(norm);
        double lo = box == null ? Double.NEGATIVE_INFINITY : box.lo();
        double hi = box == null ? Double.POSITIVE_INFINITY : box.hi();
        RowPasses.forEachRow(adv, 3, (row, s) -> {
            double[] a = s.d[0];
            double[] x = s.d[1];
            double[] g = s.d[2];
            s.get(adv, row, a);
            s.get(x0, row, x);
            s.get(grad, row, g);
            RowSteps.step(a, a, g, alpha[row], inf);
            RowSteps.project(a, x, eps[row], inf, lo, hi, g); // g is no longer needed: scratch for δ
            s.put(adv, row, a);
            if (advModel != adv) {
                s.put(advModel, row, a);
            }
        });
    }

    /**
     * A random start in each row's ε-ball, clipped to the box: uniform in the L∞ ball, or a uniformly random
     * direction at radius ε·U^(1/D) for L2 (draws in row order, so equal budgets give the same points).
     */
    static INDArray randomStart(INDArray x0, double[] eps, String norm, java.util.Random rng, InputBox box) {
        int rows = (int) x0.rows();
        int d = (int) x0.columns();
        double[] v = new double[rows * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = "inf".equals(norm) ? (rng.nextDouble() * 2 - 1) * eps[i / d] : rng.nextGaussian();
        }
        INDArray delta = Nd4j.create(v, new long[]{rows, d}, DataType.DOUBLE);
        if (!"inf".equals(norm)) {
            delta.diviColumnVector(delta.norm2(1).reshape(rows, 1));
            for (int i = 0; i < rows; i++) {
                delta.getRow(i).muli(eps[i] * Math.pow(rng.nextDouble(), 1.0 / d));
            }
        }
        return project(x0.add(delta), x0, column(eps), norm, box);
    }

    /**
     * Restarts: per image, keeps {@code candidate}'s row where its score beats the best so far ({@code best} and
     * {@code bestScore} are updated in place).
     */
    static void keepStronger(INDArray best, double[] bestScore, INDArray candidate, double[] score) {
        for (int i = 0; i < score.length; i++) {
            if (score[i] > bestScore[i]) {
                best.putRow(i, candidate.getRow(i));
                bestScore[i] = score[i];
            }
        }
    }

    /**
     * Per image: the cross-entropy of the logits and whether the arg-max misses the label, from one forward pass
     * (evaluated in {@code type}, the attacked images' number type).
     */
    record Loss(double[] crossEntropy, boolean[] fooled) {
        /** Restarts rank fooled images first, then by cross-entropy. */
        double[] score() {
            double[] s = new double[crossEntropy.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = (fooled[i] ? 1e12 : 0) + crossEntropy[i];
            }
            return s;
        }
    }

    static Loss loss(org.robustlab.api.DifferentiableModel model, INDArray x, int[] labels, DataType type) {
        return lossOf(model.logits(x.castTo(type)), labels);
    }

    /** {@link #loss} from logits already computed (N×C, any type). */
    static Loss lossOf(INDArray modelLogits, int[] labels) {
        INDArray logits = modelLogits.castTo(DataType.DOUBLE).dup('c');
        double[] ce = new double[labels.length];
        int[] argMax = new int[labels.length];
        org.robustlab.numerics.CrossEntropy.rows(logits.data().asDouble(), (int) logits.columns(), labels, ce, argMax, null);
        boolean[] fooled = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            fooled[i] = argMax[i] != labels[i];
        }
        return new Loss(ce, fooled);
    }
}
