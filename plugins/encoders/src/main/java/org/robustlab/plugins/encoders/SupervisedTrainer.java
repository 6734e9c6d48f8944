package org.robustlab.plugins.encoders;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.Dataset;
import org.robustlab.api.Progress;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainingRecord;

/** Minibatch Adam on cross-entropy plus penalties, with a step learning-rate schedule and NaN guard. */
final class SupervisedTrainer {
    private SupervisedTrainer() {
    }

    /** Learning rate per epoch: {@code lrs[k]} from epoch {@code milestones[k−1]} on. */
    static double learningRate(int epoch, double[] lrs, int[] milestones) {
        int k = 0;
        while (k < milestones.length && epoch >= milestones[k]) {
            k++;
        }
        return lrs[Math.min(k, lrs.length - 1)];
    }

    /** Trains {@code model} in place (W only when {@code trainW}). */
    static void train(HiddenLayerModel model, Dataset data, List<Regularizer> regularizers, int epochs, int batch,
                      double[] lrs, int[] milestones, boolean trainW, StudyContext ctx) {
        if (lrs.length != milestones.length + 1) {
            throw new RobustlabException("model '" + model.name() + "': lr has " + lrs.length + " values but milestones has "
                    + milestones.length + "; give one more learning rate than milestones (lr: [1e-3, 1e-4], milestones: [30])");
        }
        INDArray x = data.features().castTo(model.w.dataType()).dup('c');
        int[] y = data.labels();
        int n = y.length;
        List<INDArray> params = trainW ? List.of(model.w, model.a, model.b) : List.of(model.a, model.b);
        Adam adam = new Adam(params);
        Random rng = ctx.random("train/" + model.name() + "/shuffle");
        int batches = (n + batch - 1) / batch;
        // With W frozen (KH decoder) the pre-activations never change: compute them once.
        INDArray cachedH = trainW ? null : preActivations(model, x);
        // Kept across batches: a fresh 12 MB batch and 24 MB ∂W per step cost page faults and frees (see KhEncoder).
        INDArray batchBuffer = trainW ? Nd4j.create(x.dataType(), Math.min(batch, n), x.columns()) : null;
        INDArray dWBuffer = trainW ? model.w.ulike() : null;
        try (Progress p = ctx.progress("train " + model.name(), (long) epochs * batches)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                double lr = learningRate(epoch, lrs, milestones);
                for (Regularizer r : regularizers) {
                    r.beforeEpoch(epoch, x, model::hidden, model::preActivation, ctx);
                }
                int[] order = permutation(n, rng);
                double lossSum = 0;
                double penaltySum = 0;
                int correct = 0;
                for (int bi = 0; bi < batches; bi++) {
                    int from = bi * batch;
                    int to = Math.min(n, from + batch);
                    int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                    int[] yb = new int[rows.length];
                    for (int i = 0; i < rows.length; i++) {
                        yb[i] = y[rows[i]];
                    }
                    SupervisedStep.Result r = cachedH == null
                            ? SupervisedStep.compute(model, model.forward(rows.length == batchBuffer.rows()
                                    ? Bulk.gatherRows(x, rows, batchBuffer) : Bulk.gatherRows(x, rows)), yb, regularizers, true, dWBuffer)
                            : SupervisedStep.compute(model, cachedForward(model, x, cachedH, rows, !regularizers.isEmpty()), yb,
                                    regularizers, false);
                    if (!Double.isFinite(r.loss())) {
                        throw new RobustlabException("model '" + model.name() + "': the training loss became " + r.loss()
                                + " at epoch " + epoch + ", batch " + bi + " (learning rate " + lr + ", penalty " + r.penalty()
                                + "). Likely cause: a learning rate or regularizer strength that is too large; lower it"
                                + " and run again. Nothing was saved for this model; other results are kept.");
                    }
                    adam.step(trainW ? List.of(r.dW(), r.dA(), r.db()) : List.of(r.dA(), r.db()), lr);
                    lossSum += r.loss() * rows.length;
                    penaltySum += r.penalty() * rows.length;
                    correct += r.correct();
                    p.step();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                model.history.add(new TrainingRecord(epoch, lossSum / n, penaltySum / n, (double) correct / n, seconds));
                p.message(String.format("epoch %d loss %.4f acc %.3f", epoch, lossSum / n, (double) correct / n));
            }
        }
    }

    /** pre(X) Wᵀ for all rows, in chunks of 1000 (N×H). */
    static INDArray preActivations(HiddenLayerModel model, INDArray x) {
        int n = (int) x.rows();
        INDArray h = Nd4j.create(model.w.dataType(), n, model.hiddenSize());
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            INDArray chunk = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            h.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(HiddenLayerOps.timesTransposed(model.preprocess.apply(chunk), model.w));
        }
        return h;
    }

    /** The forward pass from cached pre-activations; inputs are gathered only when regularizers need them. */
    private static HiddenLayerModel.Forward cachedForward(HiddenLayerModel model, INDArray x, INDArray cachedH, int[] rows,
                                                          boolean withInputs) {
        INDArray h = Bulk.gatherRows(cachedH, rows);
        INDArray hHat = HiddenLayerOps.activate(h, model.n);
        INDArray logits = hHat.mmul(model.a.transpose()).addiRowVector(model.b);
        INDArray xb = withInputs ? Bulk.gatherRows(x, rows) : null;
        return new HiddenLayerModel.Forward(xb, xb == null ? null : model.preprocess.apply(xb), h, hHat, logits);
    }

    /** A seeded Fisher–Yates permutation of 0..n−1. */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
