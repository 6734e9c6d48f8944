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

    /**
     * The inversion: one gradient call per step gives the direction and the loss of the current iterate
     * ({@link DifferentiableModel#representationDistanceAndGradient}); one fused pass per step keeps improved rows and
     * takes the step ({@link #keepAndStep}). Equal to {@link #invertPlain} up to rounding.
     */
    static Result invert(DifferentiableModel model, INDArray targets, INDArray seeds, int steps, double stepSize,
                         Progress progress) {
        INDArray t = org.robustlab.numerics.RowPasses.contiguous(targets.castTo(seeds.dataType()));
        double[] targetNorm = t.norm2(1).toDoubleVector();
        for (int i = 0; i < targetNorm.length; i++) {
            targetNorm[i] = Math.max(targetNorm[i], 1e-12);
        }
        INDArray x = seeds.dup('c');
        INDArray best = x.dup();
        INDArray g = x.ulike();
        double[] bestLoss = null;
        double[] initial = null;
        double[] curve = new double[CHECKPOINTS + 1];
        boolean[] improved = new boolean[(int) x.rows()];
        for (int s = 1; s <= steps + 1; s++) {
            // the loss of iterate s − 1 comes with the gradient at it; the last iterate only needs its loss
            double[] distance = s <= steps ? model.representationDistanceAndGradient(x, t, g)
                    : model.hidden(x).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .subi(t.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).norm2(1).toDoubleVector();
            int iterate = s - 1;
            if (iterate == 0) {
                initial = new double[distance.length];
                for (int i = 0; i < distance.length; i++) {
                    initial[i] = distance[i] / targetNorm[i];
                }
                bestLoss = initial.clone();
                java.util.Arrays.fill(curve, Quantiles.median(initial)); // checkpoints on step 0 when steps < CHECKPOINTS
            } else {
                for (int i = 0; i < distance.length; i++) {
                    double loss = distance[i] / targetNorm[i];
                    improved[i] = loss < bestLoss[i];
                    bestLoss[i] = Math.min(bestLoss[i], loss);
                }
                for (int k = 1; k <= CHECKPOINTS; k++) {
                    if (Math.round((double) k * steps / CHECKPOINTS) == iterate) {
                        curve[k] = Quantiles.median(bestLoss);
                    }
                }
            }
            keepAndStep(x, best, iterate == 0 ? null : improved, s <= steps ? g : null, stepSize);
            if (progress != null && s <= steps) {
                progress.step();
            }
        }
        return new Result(best, initial, bestLoss, curve);
    }

    /**
     * One pass over the rows: rows marked {@code improved} are copied from x into best, then (with a gradient) x ←
     * clip_[0,1](x − step · g/‖g‖₂). x, best, g: N×D, C-ordered; x and best modified.
     */
    static void keepAndStep(INDArray x, INDArray best, boolean[] improved, INDArray g, double stepSize) {
        org.robustlab.numerics.RowPasses.forEachRow(x, 2, (row, s) -> {
            double[] xv = s.d[0];
            s.get(x, row, xv);
            if (improved != null && improved[row]) {
                s.put(best, row, xv);
            }
            if (g == null) {
                return;
            }
            double[] gv = s.d[1];
            s.get(g, row, gv);
            double sum = 0;
            for (double e : gv) {
                sum += e * e;
            }
            double norm = Math.max(Math.sqrt(sum), 1e-30);
            for (int j = 0; j < xv.length; j++) {
                xv[j] = Math.min(Math.max(xv[j] - gv[j] / norm * stepSize, 0.0), 1.0);
            }
            s.put(x, row, xv);
        });
    }

    /** The inversion as plain ND4J expressions (three GEMMs and a dozen batch-sized temporaries per step): the oracle. */
    static Result invertPlain(DifferentiableModel model, INDArray targets, INDArray seeds, int steps, double stepSize) {
        INDArray t = targets.castTo(seeds.dataType());
        INDArray targetNorm = Transforms.max(t.norm2(1), 1e-12);
        INDArray x = seeds.dup();
        INDArray best = x.dup();
        INDArray bestLoss = relativeLoss(model, x, t, targetNorm);
        double[] initial = bestLoss.toDoubleVector();
        double[] curve = new double[CHECKPOINTS + 1];
        java.util.Arrays.fill(curve, Quantiles.median(initial));
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
        }
        return new Result(best, initial, bestLoss.toDoubleVector(), curve);
    }

    /** ‖ĥ(x) − t‖₂ / ‖t‖₂ per row. */
    static INDArray relativeLoss(DifferentiableModel model, INDArray x, INDArray t, INDArray targetNorm) {
        return model.hidden(x).castTo(t.dataType()).subi(t).norm2(1).divi(targetNorm);
    }
}
