package org.robustlab.plugins.analyzers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Progress;
import org.robustlab.api.Quantiles;

/**
 * Finds inputs a model represents like given targets (docs/methods.md §7): from seeds x′₀ (not clipped),
 * x′ ← clip_[0,1](x′ − step · g/‖g‖₂) with g the gradient of ½‖ĥ(x′) − t‖² (the same direction
 * as that of the relative loss ‖ĥ(x′) − t‖₂/‖t‖₂), keeping each sample's best iterate. All
 * samples move together as one batch.
 */
final class RepresentationInversion {
    /** Fractions of the run at which the median best loss is recorded for the diagnostics. */
    static final int CHECKPOINTS = 10;

    /**
     * @param inverted     best iterate per sample
     * @param initialLoss  relative loss at the seeds
     * @param finalLoss    relative loss of the best iterate
     * @param medianCurve  median best loss after 0, steps/10, …, steps iterations
     */
    record Result(INDArray inverted, double[] initialLoss, double[] finalLoss, double[] medianCurve) {
    }

    private RepresentationInversion() {
    }

    static Result invert(DifferentiableModel model, INDArray targets, INDArray seeds, int steps, double stepSize,
                         Progress progress) {
        INDArray t = targets.castTo(seeds.dataType());
        INDArray targetNorm = Transforms.max(t.norm2(1), 1e-12);
        INDArray x = seeds.dup();
        INDArray best = x.dup();
        INDArray bestLoss = relativeLoss(model, x, t, targetNorm);
        double[] initial = bestLoss.toDoubleVector();
        double[] curve = new double[CHECKPOINTS + 1];
        java.util.Arrays.fill(curve, Quantiles.median(initial)); // checkpoints that fall on step 0 when steps < CHECKPOINTS
        for (int s = 1; s <= steps; s++) {
            INDArray g = model.representationInputGradient(x, t).castTo(x.dataType());
            INDArray norms = Transforms.max(g.norm2(1), 1e-30).reshape(g.rows(), 1);
            x.subi(g.diviColumnVector(norms).muli(stepSize));
            Transforms.min(Transforms.max(x, 0.0, false), 1.0, false);
            INDArray loss = relativeLoss(model, x, t, targetNorm);
            INDArray improved = loss.lt(bestLoss).castTo(x.dataType()).reshape(x.rows(), 1);
            best.muliColumnVector(improved.rsub(1.0)).addi(x.mulColumnVector(improved));
            bestLoss = Transforms.min(bestLoss, loss);
            for (int k = 1; k <= CHECKPOINTS; k++) {
                if (Math.round((double) k * steps / CHECKPOINTS) == s) {
                    curve[k] = Quantiles.median(bestLoss.toDoubleVector());
                }
            }
            if (progress != null) {
                progress.step();
            }
        }
        return new Result(best, initial, bestLoss.toDoubleVector(), curve);
    }

    /** ‖ĥ(x) − t‖₂ / ‖t‖₂ per row. */
    static INDArray relativeLoss(DifferentiableModel model, INDArray x, INDArray t, INDArray targetNorm) {
        return model.hidden(x).castTo(t.dataType()).subi(t).norm2(1).divi(targetNorm);
    }
}
