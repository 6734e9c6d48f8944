package org.robustlab.plugins.encoders;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.Dataset;
import org.robustlab.api.Progress;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainingCheckpoints;
import org.robustlab.api.TrainingRecord;
import org.robustlab.api.TrainingState;
import org.robustlab.numerics.StepMemory;

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

    /** Whether L_p-normalised inputs are normalised once per training, not per batch (tests compare both: same bits). */
    static boolean preprocessOnce = true;

    /**
     * Whether a frozen-W training (the KH decoder) activates its cached pre-activations once per training, not per batch
     * (tests compare both: same bits). ReLU(h)^n costs a {@code Math.pow} per unit and image, which per batch made up
     * most of a KH decoder epoch.
     */
    static boolean activateOnce = true;

    /**
     * Whether a frozen-W training gathers its batches into arrays kept across batches and runs its readout products as
     * GEMMs into them (tests compare both: same bits). A fresh 8 MB batch of ĥ per step costs its first touch (~26 ms
     * on the project's VM) and ND4J's {@code mmul} on the readout's thin shapes ~10 ms each: most of a KH decoder epoch.
     */
    static boolean frozenBuffers = true;

    /**
     * Trains {@code model} in place (W only when {@code trainW}). After every epoch the state (weights, Adam
     * moments, the shuffle generator, the history) is saved as checkpoint {@code phase}; a run that finds one
     * continues after its last epoch and ends bit-identical to an uninterrupted run.
     */
    static void train(HiddenLayerModel model, Dataset data, List<Regularizer> regularizers, int epochs, int batch,
                      double[] lrs, int[] milestones, boolean trainW, String phase, StudyContext ctx) {
        train(model, data, regularizers, epochs, batch, stepSchedule(model.name(), lrs, milestones), trainW, phase, ctx);
    }

    /** The step schedule: {@code lrs[k]} from epoch {@code milestones[k−1]} on; a single rate is constant. */
    static java.util.function.IntToDoubleFunction stepSchedule(String modelName, double[] lrs, int[] milestones) {
        int[] steps = lrs.length == 1 ? new int[0] : milestones; // lr: 1e-2 is a constant rate, whatever the milestones
        if (lrs.length != steps.length + 1) {
            throw new RobustlabException("model '" + modelName + "': lr has " + lrs.length + " values but milestones has "
                    + steps.length + "; give one more learning rate than milestones (lr: [1e-3, 1e-4], milestones: [30])");
        }
        return epoch -> learningRate(epoch, lrs, steps);
    }

    /** Trains with the learning rate {@code schedule.applyAsDouble(epoch)} (epochs count from 0). */
    static void train(HiddenLayerModel model, Dataset data, List<Regularizer> regularizers, int epochs, int batch,
                      java.util.function.IntToDoubleFunction schedule, boolean trainW, String phase, StudyContext ctx) {
        INDArray x = data.features().castTo(model.w.dataType()).dup('c');
        int[] y = data.labels();
        int n = y.length;
        List<String> names = new ArrayList<>(trainW ? List.of("W", "A", "b") : List.of("A", "b"));
        List<INDArray> params = new ArrayList<>(trainW ? List.of(model.w, model.a, model.b) : List.of(model.a, model.b));
        if (model.bn != null) {
            if (!trainW) {
                throw new RobustlabException("model '" + model.name() + "': a BatchNorm needs a trained first layer (mlp)");
            }
            names.addAll(List.of("bn_gamma", "bn_beta"));
            params.addAll(List.of(model.bn.gamma, model.bn.beta));
        }
        Adam adam = new Adam(params);
        Random rng = ctx.random("train/" + model.name() + "/shuffle");
        TrainingCheckpoints checkpoints = ctx.checkpoints(model.name());
        int firstEpoch = 0;
        TrainingState resumed = checkpoints.load(phase);
        if (resumed != null && resumed.epochsDone() <= epochs) {
            restore(model, names, params, adam, resumed);
            rng = TrainingState.random(resumed.blobs().get("shuffle"));
            firstEpoch = resumed.epochsDone();
        }
        int batches = (n + batch - 1) / batch;
        // With W frozen (KH decoder) the pre-activations never change: compute them once.
        INDArray cachedH = trainW ? null : preActivations(model, x);
        // ... and, with activateOnce, their activations ĥ too (elementwise, so the same bits as per batch); h is then kept
        // only for regularizers, the only readers of h when W is frozen
        INDArray cachedHHat = cachedH != null && activateOnce ? activations(cachedH, model.n) : null;
        if (cachedHHat != null && regularizers.isEmpty()) {
            cachedH = null;
        }
        boolean frozen = !trainW;
        // Kept across batches, as the batch below: a fresh 24 MB ∂W per step costs page faults and frees.
        INDArray dWBuffer = trainW ? model.w.ulike() : null;
        // The fused path (HiddenLayerKernels) reuses every batch-sized array; BatchNorm keeps the plain one.
        HiddenLayerModel.Scratch scratch = trainW && model.bn == null ? new HiddenLayerModel.Scratch() : null;
        // W frozen: the batch of ĥ (and h), its logits and ∂ĥ live in arrays kept across batches
        FrozenBuffers frozenBuffers = frozen && SupervisedTrainer.frozenBuffers
                ? new FrozenBuffers(Math.min(batch, n), model, cachedH != null) : null;
        // L_p-normalised inputs: normalised once, by the per-batch kernel row by row (the same bits), not every batch
        INDArray xPre = scratch != null && preprocessOnce ? model.preprocessAll(x) : null;
        // Kept across batches: a fresh 12 MB batch per step costs page faults and frees (see KhEncoder).
        INDArray batchBuffer = trainW ? Nd4j.create((xPre != null ? xPre : x).dataType(), Math.min(batch, n), x.columns()) : null;
        try (Progress p = ctx.progress("train " + model.name(), (long) epochs * batches)) {
            p.stepBy((long) firstEpoch * batches);
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                double lr = schedule.applyAsDouble(epoch);
                for (Regularizer r : regularizers) {
                    r.beforeEpoch(epoch, x, model::hidden, model::preActivation, ctx);
                }
                int[] order = permutation(n, rng);
                double lossSum = 0;
                double penaltySum = 0;
                int correct = 0;
                for (int bi = 0; bi < batches; bi++) {
                    // The plain path makes its batch-sized temporaries afresh every step: reuse one block for them
                    // (the fused path already reuses its scratch arrays, which must outlive the step).
                    try (StepMemory.Scope stepScope = scratch == null ? StepMemory.open(STEP_MEMORY) : () -> { }) {
                        int from = bi * batch;
                        int to = Math.min(n, from + batch);
                        int[] rows = java.util.Arrays.copyOfRange(order, from, to);
                        int[] yb = new int[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            yb[i] = y[rows[i]];
                        }
                        INDArray source = xPre != null ? xPre : x;
                        INDArray xb = frozen ? null
                                : rows.length == batchBuffer.rows() ? Bulk.gatherRows(source, rows, batchBuffer) : Bulk.gatherRows(source, rows);
                        HiddenLayerModel.Forward forward = frozen ? null : scratch == null ? model.forward(xb)
                                : xPre != null ? model.forwardPreprocessed(xb, scratch, !regularizers.isEmpty())
                                : model.forward(xb, scratch, !regularizers.isEmpty());
                        SupervisedStep.Result r = !frozen
                                ? SupervisedStep.compute(model, forward, yb, regularizers, true, dWBuffer, scratch)
                                : frozenBuffers != null && rows.length == frozenBuffers.rows()
                                ? SupervisedStep.compute(model, frozenBuffers.forward(model, x, cachedH, cachedHHat, rows,
                                        !regularizers.isEmpty()), yb, regularizers, false, null, frozenBuffers.scratch)
                                : SupervisedStep.compute(model, cachedForward(model, x, cachedH, cachedHHat, rows,
                                        !regularizers.isEmpty()), yb, regularizers, false);
                        if (!Double.isFinite(r.loss())) {
                            throw new RobustlabException("model '" + model.name() + "': the training loss became " + r.loss()
                                    + " at epoch " + epoch + ", batch " + bi + " (learning rate " + lr + ", penalty " + r.penalty()
                                    + "). Likely cause: a learning rate or regularizer strength that is too large; lower it"
                                    + " and run again. Nothing was saved for this model; other results are kept.");
                        }
                        List<INDArray> grads = new ArrayList<>(trainW ? List.of(r.dW(), r.dA(), r.db()) : List.of(r.dA(), r.db()));
                        if (r.bnBatch() != null) {
                            grads.addAll(List.of(r.dGamma(), r.dBeta()));
                        }
                        adam.step(grads, lr);
                        if (r.bnBatch() != null) {
                            model.bn.updateRunning(r.bnBatch(), rows.length);
                        }
                        lossSum += r.loss() * rows.length;
                        penaltySum += r.penalty() * rows.length;
                        correct += r.correct();
                        p.step();
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                model.history.add(new TrainingRecord(epoch, lossSum / n, penaltySum / n, (double) correct / n, seconds));
                p.message(String.format("epoch %d loss %.4f acc %.3f", epoch, lossSum / n, (double) correct / n));
                checkpoints.save(phase, state(epoch + 1, model, names, params, adam, rng));
            }
        } finally {
            StepMemory.release(STEP_MEMORY);
        }
    }

    /** The block of {@link StepMemory} the plain training step's temporaries live in. */
    private static final String STEP_MEMORY = "robustlab-train-step";

    /** The loop's state after {@code epochsDone} epochs: parameters, Adam, shuffle generator, history. */
    private static TrainingState state(int epochsDone, HiddenLayerModel model, List<String> names, List<INDArray> params,
                                       Adam adam, Random rng) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        Map<String, Object> meta = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            arrays.put(names.get(i), params.get(i));
        }
        if (model.bn != null) { // not optimised, but part of the state
            arrays.put("bn_running_mean", model.bn.runningMean);
            arrays.put("bn_running_var", model.bn.runningVar);
        }
        adam.saveTo("adam", arrays, meta);
        List<Map<String, Object>> history = new ArrayList<>();
        for (TrainingRecord r : model.history) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", r.epoch());
            h.put("loss", r.loss());
            h.put("penalty", r.penalty());
            h.put("trainAccuracy", r.trainAccuracy());
            h.put("seconds", r.seconds());
            history.add(h);
        }
        meta.put("history", history);
        return new TrainingState(epochsDone, arrays, Map.of("shuffle", TrainingState.randomBytes(rng)), meta);
    }

    @SuppressWarnings("unchecked")
    private static void restore(HiddenLayerModel model, List<String> names, List<INDArray> params, Adam adam,
                                TrainingState state) {
        if (model.bn != null) {
            model.bn.runningMean.assign(state.array("bn_running_mean"));
            model.bn.runningVar.assign(state.array("bn_running_var"));
        }
        for (int i = 0; i < params.size(); i++) {
            INDArray saved = state.array(names.get(i));
            if (!java.util.Arrays.equals(saved.shape(), params.get(i).shape()) || saved.dataType() != params.get(i).dataType()) {
                throw new RobustlabException("model '" + model.name() + "': its training checkpoint holds " + names.get(i)
                        + " of shape " + java.util.Arrays.toString(saved.shape()) + " " + saved.dataType() + " but the model has "
                        + java.util.Arrays.toString(params.get(i).shape()) + " " + params.get(i).dataType()
                        + "; delete models/<model>/checkpoint.zip or run with --fresh");
            }
            params.get(i).assign(saved);
        }
        adam.restoreFrom("adam", state);
        model.history.clear();
        for (Map<String, Object> h : (List<Map<String, Object>>) state.metadata().get("history")) {
            model.history.add(new TrainingRecord(((Number) h.get("epoch")).intValue(), ((Number) h.get("loss")).doubleValue(),
                    ((Number) h.get("penalty")).doubleValue(), ((Number) h.get("trainAccuracy")).doubleValue(),
                    ((Number) h.get("seconds")).doubleValue()));
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

    /** ReLU(h)^n of every row, in chunks of 1000 (the per-batch function, elementwise: the same bits). */
    static INDArray activations(INDArray h, double n) {
        INDArray out = h.ulike();
        for (long from = 0; from < h.rows(); from += 1000) {
            long to = Math.min(h.rows(), from + 1000);
            out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                    .assign(HiddenLayerOps.activate(h.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()), n));
        }
        return out;
    }

    /**
     * The forward pass from cached pre-activations (null when only ĥ is cached and no regularizer reads h) or cached
     * activations (null: activated here); inputs are gathered only when regularizers need them.
     */
    private static HiddenLayerModel.Forward cachedForward(HiddenLayerModel model, INDArray x, INDArray cachedH,
                                                          INDArray cachedHHat, int[] rows, boolean withInputs) {
        INDArray h = cachedH == null ? null : Bulk.gatherRows(cachedH, rows);
        INDArray hHat = cachedHHat != null ? Bulk.gatherRows(cachedHHat, rows) : HiddenLayerOps.activate(h, model.n);
        INDArray logits = hHat.mmul(model.a.transpose()).addiRowVector(model.b);
        INDArray xb = withInputs ? Bulk.gatherRows(x, rows) : null;
        return new HiddenLayerModel.Forward(xb, xb == null ? null : model.preprocess.apply(xb), h, hHat, logits);
    }

    /** The arrays a frozen-W training reuses across its full-size batches (the last, shorter one takes the plain path). */
    private static final class FrozenBuffers {
        final INDArray hHat;
        final INDArray h;
        final INDArray logits;
        final HiddenLayerModel.Scratch scratch = new HiddenLayerModel.Scratch();

        FrozenBuffers(int rows, HiddenLayerModel model, boolean withH) {
            hHat = Nd4j.create(model.w.dataType(), rows, model.hiddenSize());
            h = withH ? hHat.ulike() : null;
            logits = Nd4j.create(model.w.dataType(), rows, model.a.rows());
        }

        int rows() {
            return (int) hHat.rows();
        }

        /** {@link #cachedForward} into these arrays; the readout as one GEMM with the transpose flag. */
        HiddenLayerModel.Forward forward(HiddenLayerModel model, INDArray x, INDArray cachedH, INDArray cachedHHat,
                                         int[] rows, boolean withInputs) {
            INDArray hb = cachedH == null ? null : Bulk.gatherRows(cachedH, rows, h);
            INDArray hHatB = cachedHHat != null ? Bulk.gatherRows(cachedHHat, rows, hHat)
                    : hHat.assign(HiddenLayerOps.activate(hb, model.n));
            Nd4j.gemm(hHatB, model.a, logits, false, true, 1.0, 0.0).addiRowVector(model.b);
            INDArray xb = withInputs ? Bulk.gatherRows(x, rows) : null;
            return new HiddenLayerModel.Forward(xb, xb == null ? null : model.preprocess.apply(xb), hb, hHatB, logits);
        }
    }

    /** A seeded Fisher–Yates permutation of 0..n−1 (the host's {@link org.robustlab.numerics.Sampling#permutation}). */
    static int[] permutation(int n, Random rng) {
        return org.robustlab.numerics.Sampling.permutation(n, rng);
    }
}
