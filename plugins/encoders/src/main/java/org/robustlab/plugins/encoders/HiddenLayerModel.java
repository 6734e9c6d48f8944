package org.robustlab.plugins.encoders;

import org.robustlab.numerics.RowPasses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.TrainedModel;
import org.robustlab.api.TrainingRecord;
import org.robustlab.numerics.StepMemory;

/**
 * logits = A·ReLU(W·pre(x))^n + b with hand-derived input gradients (docs/methods.md §1). Arrays are
 * owned by the model; callers' inputs are never modified.
 */
public class HiddenLayerModel implements TrainedModel {
    private final String name;
    private final String kind;
    final INDArray w;
    final INDArray a;
    final INDArray b;
    final double n;
    final Preprocess preprocess;
    final List<TrainingRecord> history = new ArrayList<>();
    final Map<String, INDArray> extraArrays = new LinkedHashMap<>();
    final Map<String, Object> extraMetadata = new LinkedHashMap<>();
    DifferentiableModel initial;
    /** BatchNorm between ĥ and the readout, or null (the seed code's SpecReg model has one). */
    BatchNorm bn;

    /**
     * @param kind  encoder name recorded in {@code model.json}
     * @param w     H×D first-layer weights (owned)
     * @param a     C×H decoder weights (owned)
     * @param b     decoder bias, length C (owned)
     */
    public HiddenLayerModel(String name, String kind, INDArray w, INDArray a, INDArray b, double n, Preprocess preprocess) {
        this.name = name;
        this.kind = kind;
        this.w = w;
        this.a = a;
        this.b = b.reshape(b.length());
        this.n = n;
        this.preprocess = preprocess;
    }

    /** Intermediate values of one forward pass. */
    public record Forward(INDArray x, INDArray pre, INDArray h, INDArray hHat, INDArray logits) {
    }

    /**
     * Batch-shaped arrays reused by {@link #forward(INDArray, Scratch)} across calls on batches of one size (a new
     * batch size reallocates them): the training loop and the attacks' repeated gradients keep one. Not
     * thread-safe; the values stay valid until the next call that uses the same scratch.
     */
    static final class Scratch {
        INDArray pre;
        INDArray h;
        INDArray hHat;
        INDArray logits;
        INDArray dH;
        INDArray gradPre;
        double[] norms;
    }

    /** Scratch of {@link #lossInputGradient(INDArray, int[], INDArray)}; guarded by {@code this}. */
    private final Scratch gradientScratch = new Scratch();

    /**
     * The forward pass into {@code s}'s arrays, the same values as {@link #forward(INDArray)} up to rounding
     * (fused kernels, {@link HiddenLayerKernels}); the result's arrays belong to {@code s}. Without BatchNorm.
     */
    Forward forward(INDArray x, Scratch s) {
        return forward(x, s, true);
    }

    /**
     * As {@link #forward(INDArray, Scratch)}; with {@code keepH} false and n = 1 the ReLU is applied in place, so the
     * result's h is ReLU(h) (one 8 MB array less to write per 1000×2000 batch). Only for consumers that read h
     * through its sign (the activation derivative: ReLU(h) > 0 exactly when h > 0), not for regularizers.
     */
    Forward forward(INDArray x, Scratch s, boolean keepH) {
        if (bn != null) {
            throw new IllegalStateException("the scratch forward pass has no BatchNorm");
        }
        DataType type = w.dataType();
        INDArray xt = Bulk.contiguous(x.castTo(type));
        long rows = xt.rows();
        INDArray pre;
        if (preprocess.isLp()) {
            s.pre = RowPasses.like(s.pre, type, rows, xt.columns());
            s.norms = HiddenLayerKernels.lpNormalize(xt, preprocess.p(), s.pre);
            pre = s.pre;
        } else {
            pre = Bulk.contiguous(preprocess.apply(xt));
        }
        return forwardFrom(xt, pre, s, keepH);
    }

    /**
     * Every training input preprocessed once, row by row with the kernel {@link #forward(INDArray, Scratch, boolean)}
     * applies per batch (the same bits per row): the training loop then gathers batches of it and skips the per-batch
     * L_p normalisation. Null when the preprocessing is not an L_p normalisation.
     */
    INDArray preprocessAll(INDArray x) {
        if (!preprocess.isLp()) {
            return null;
        }
        INDArray xt = Bulk.contiguous(x.castTo(w.dataType()));
        INDArray pre = Nd4j.create(w.dataType(), xt.rows(), xt.columns());
        HiddenLayerKernels.lpNormalize(xt, preprocess.p(), pre);
        return pre;
    }

    /**
     * The forward pass of inputs already preprocessed ({@link #preprocessAll}), for training: no raw inputs are kept,
     * so the result has no input gradient.
     */
    Forward forwardPreprocessed(INDArray pre, Scratch s, boolean keepH) {
        if (bn != null) {
            throw new IllegalStateException("the scratch forward pass has no BatchNorm");
        }
        return forwardFrom(null, Bulk.contiguous(pre.castTo(w.dataType())), s, keepH);
    }

    private Forward forwardFrom(INDArray xt, INDArray pre, Scratch s, boolean keepH) {
        DataType type = w.dataType();
        long rows = pre.rows();
        s.h = RowPasses.like(s.h, type, rows, w.rows());
        Nd4j.gemm(pre, w, s.h, false, true, 1.0, 0.0);
        if (!keepH && n == 1.0) {
            HiddenLayerKernels.activate(s.h, n, s.h);
            s.hHat = s.h;
        } else {
            s.hHat = RowPasses.like(s.hHat == s.h ? null : s.hHat, type, rows, w.rows());
            HiddenLayerKernels.activate(s.h, n, s.hHat);
        }
        s.logits = RowPasses.like(s.logits, type, rows, a.rows());
        Nd4j.gemm(s.hHat, a, s.logits, false, true, 1.0, 0.0);
        s.logits.addiRowVector(b);
        return new Forward(xt, pre, s.h, s.hHat, s.logits);
    }

    /**
     * ∂L/∂x from ∂L/∂ĥ held in {@code s.dH} (modified) of a forward pass into {@code s}, written into {@code out}
     * (the fused twin of {@link #backToInput}).
     */
    INDArray backToInput(Forward f, Scratch s, INDArray out) {
        HiddenLayerKernels.multiplyActivationDerivative(s.dH, s.h, s.hHat, n);
        DataType type = w.dataType();
        boolean direct = out.dataType() == type && org.robustlab.numerics.RowPasses.dense(out);
        if (preprocess.isNone() && direct) {
            return Nd4j.gemm(s.dH, w, out, false, false, 1.0, 0.0);
        }
        s.gradPre = RowPasses.like(s.gradPre, type, f.x().rows(), w.columns());
        Nd4j.gemm(s.dH, w, s.gradPre, false, false, 1.0, 0.0);
        if (preprocess.isLp()) { // straight into out when it can take the kernel's rows
            HiddenLayerKernels.lpBackward(s.gradPre, f.x(), preprocess.p(), s.norms, direct ? out : s.gradPre);
            return direct ? out : out.assign(s.gradPre);
        }
        return out.assign(preprocess.backward(s.gradPre, f.x()));
    }

    /**
     * As {@link #lossInputGradient(INDArray, int[])}, into {@code out}, with the model's own scratch arrays
     * reused between calls: no batch-sized allocation per attack step.
     */
    @Override
    public synchronized INDArray lossInputGradient(INDArray x, int[] labels, INDArray out) {
        if (bn != null) { // the plain path (no fused BatchNorm kernels): its temporaries in reused memory
            try (StepMemory.Scope scope = StepMemory.open(MODEL_MEMORY)) {
                return out.assign(lossInputGradient(x, labels));
            }
        }
        return lossInputGradientInto(x, labels, out).gradient();
    }

    /** The fused loss gradient into {@code out}; the logits returned are the scratch's (valid until its next use). */
    private LogitsAndGradient lossInputGradientInto(INDArray x, int[] labels, INDArray out) {
        Scratch s = gradientScratch;
        Forward f = forward(x, s, false);
        INDArray dLogits = HiddenLayerOps.crossEntropyBatch(f.logits(), labels).dLogits();
        s.dH = RowPasses.like(s.dH, w.dataType(), x.rows(), w.rows());
        Nd4j.gemm(dLogits, a, s.dH, false, false, 1.0, 0.0);
        return new LogitsAndGradient(f.logits(), backToInput(f, s, out));
    }

    /**
     * As {@link #representationInputGradient}, into {@code out}, with the distances ‖ĥ(x_i) − t_i‖₂ from the same
     * forward pass and the model's scratch arrays reused between calls.
     */
    @Override
    public synchronized double[] representationDistanceAndGradient(INDArray x, INDArray target, INDArray out) {
        if (bn != null) {
            try (StepMemory.Scope scope = StepMemory.open(MODEL_MEMORY)) {
                return TrainedModel.super.representationDistanceAndGradient(x, target, out);
            }
        }
        Scratch s = gradientScratch;
        Forward f = forward(x, s, false);
        s.dH = RowPasses.like(s.dH, w.dataType(), x.rows(), w.rows());
        double[] distances = HiddenLayerKernels.difference(f.hHat(), Bulk.contiguous(target), s.dH);
        backToInput(f, s, out);
        return distances;
    }

    /** The forward pass, keeping intermediates for backward. */
    public Forward forward(INDArray x) {
        INDArray xt = x.castTo(w.dataType());
        INDArray pre = preprocess.apply(xt);
        INDArray h = HiddenLayerOps.timesTransposed(pre, w);
        INDArray hHat = HiddenLayerOps.activate(h, n);
        // gemm with the transpose flag: the transposed view's mmul made the thin B×H·H×C product 17% of an Auto-PGD run
        INDArray logits = HiddenLayerOps.timesTransposed(bn == null ? hHat : bn.eval(hHat), a).addiRowVector(b);
        return new Forward(xt, pre, h, hHat, logits);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputSize() {
        return (int) w.columns();
    }

    @Override
    public int hiddenSize() {
        return (int) w.rows();
    }

    @Override
    public int numClasses() {
        return (int) a.rows();
    }

    /**
     * Without BatchNorm the fused forward pass in the model's scratch (the same code as the loss gradient's, so an
     * attack's predictions and gradients see the same logits), at most {@link #LOGITS_ROWS} rows at a time so a
     * whole test set does not grow the scratch; with BatchNorm the plain pass in reused step memory.
     */
    @Override
    public INDArray logits(INDArray x) {
        if (bn != null) {
            try (StepMemory.Scope scope = StepMemory.open(MODEL_MEMORY)) {
                return forward(x).logits().detach();
            }
        }
        long rows = x.rows();
        INDArray out = Nd4j.create(w.dataType(), rows, a.rows());
        synchronized (this) {
            inPasses(rows, (from, to) -> rowsOf(out, from, to).assign(forward(rowsOf(x, from, to), gradientScratch, false).logits()));
        }
        return out;
    }

    /** Rows per fused forward pass of {@link #logits}: an attack's batch in one pass, a test set in a few. */
    static final int LOGITS_ROWS = 2048;

    /** A range [from, to) of rows. */
    private interface RowRange {
        void run(long from, long to);
    }

    /**
     * The passes of at most {@link #LOGITS_ROWS} rows that {@link #logits} and {@link #logitsAndLossInputGradient}
     * share: both must split a batch alike, since a GEMM's rows come out in other bits when it is split otherwise.
     */
    private static void inPasses(long rows, RowRange pass) {
        for (long from = 0; from < rows; from += LOGITS_ROWS) {
            pass.run(from, Math.min(rows, from + LOGITS_ROWS));
        }
    }

    /** Rows [from, to) of {@code x}: {@code x} itself when that is all of it, else a view. */
    private static INDArray rowsOf(INDArray x, long from, long to) {
        return from == 0 && to == x.rows() ? x : x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** The {@link StepMemory} block of this family's forward and gradient passes made outside a training step. */
    private static final String MODEL_MEMORY = "robustlab-hidden-layer-model";

    @Override
    public INDArray hidden(INDArray x) {
        return HiddenLayerOps.activate(preActivation(x), n);
    }

    @Override
    public INDArray preprocess(INDArray x) {
        INDArray in = x.castTo(w.dataType());
        INDArray out = preprocess.apply(in);
        return out == in || out == x ? out.dup() : out;
    }

    /** The same weights on x̂ = pre(x): no preprocessing of its own (arrays shared, not copied). */
    @Override
    public org.robustlab.api.DifferentiableModel onPreprocessedInput() {
        HiddenLayerModel m = new HiddenLayerModel(name, kind, w, a, b, n, Preprocess.none());
        m.bn = bn;
        return m;
    }

    /** h = pre(x) Wᵀ (N×H), before the activation. */
    public INDArray preActivation(INDArray x) {
        return HiddenLayerOps.timesTransposed(preprocess.apply(x.castTo(w.dataType())), w);
    }

    @Override
    public INDArray lossInputGradient(INDArray x, int[] labels) {
        return logitsAndLossInputGradient(x, labels).gradient();
    }

    /**
     * One forward pass: its logits are exactly {@link #logits}'s (the same code on the same passes of at most
     * {@link #LOGITS_ROWS} rows: a GEMM's rows come out in other bits when the batch is split otherwise).
     */
    @Override
    public LogitsAndGradient logitsAndLossInputGradient(INDArray x, int[] labels) {
        if (bn == null) {
            long rows = x.rows();
            INDArray logits = Nd4j.create(w.dataType(), rows, a.rows());
            INDArray gradient = Nd4j.create(w.dataType(), rows, x.columns());
            synchronized (this) {
                inPasses(rows, (from, to) -> {
                    int[] partLabels = to - from == rows ? labels : java.util.Arrays.copyOfRange(labels, (int) from, (int) to);
                    LogitsAndGradient r = lossInputGradientInto(rowsOf(x, from, to), partLabels, rowsOf(gradient, from, to));
                    rowsOf(logits, from, to).assign(r.logits());
                });
            }
            return new LogitsAndGradient(logits, gradient);
        }
        Forward f = forward(x);
        INDArray dLogits = HiddenLayerOps.crossEntropyBatch(f.logits(), labels).dLogits();
        INDArray dHhat = dLogits.mmul(a);
        return new LogitsAndGradient(f.logits(), backToInput(f, bn == null ? dHhat : dHhat.muliRowVector(bn.evalScale())));
    }

    @Override
    public INDArray representationInputGradient(INDArray x, INDArray target) {
        Forward f = forward(x);
        return backToInput(f, f.hHat().sub(target.castTo(f.hHat().dataType())));
    }

    /** ∂L/∂x from ∂L/∂ĥ (B×H). */
    INDArray backToInput(Forward f, INDArray dHhat) {
        INDArray dh = dHhat.muli(HiddenLayerOps.activationDerivative(f.h(), n));
        return preprocess.backward(dh.mmul(w), f.x());
    }

    /**
     * ‖∂ĥ/∂x‖_F = sqrt(Σ_i σ'(h_i)² ‖w_i ⊙ s‖²) with s the preprocessing's column scale
     * (docs/methods.md §3: n² Σ_{h_i>0} h_i^(2n−2) ‖w_i‖² for no preprocessing). With L_p
     * normalisation J = diag(σ') W (I − y qᵀ)/N, so ‖J‖² = Σ_i σ'_i² (‖w_i‖² − 2 h_i (Wq)_i + h_i² ‖q‖²) / N².
     */
    @Override
    public INDArray jacobianFrobeniusNorm(INDArray x) {
        Forward f = forward(x);
        INDArray ds = HiddenLayerOps.activationDerivative(f.h(), n);
        if (preprocess.isLp()) {
            INDArray norms = preprocess.lpNorms(f.x());
            INDArray q = preprocess.lpNormGradient(f.x(), norms);
            INDArray wq = HiddenLayerOps.timesTransposed(q, w);
            INDArray wn2 = w.mul(w).sum(1).reshape(1, w.rows());
            INDArray q2 = q.mul(q).sum(1).reshape(q.rows(), 1);
            INDArray term = f.h().mul(f.h()).muliColumnVector(q2).subi(f.h().mul(wq).muli(2)).addiRowVector(wn2);
            INDArray sq = ds.mul(ds).muli(term).sum(1).reshape(x.rows(), 1).divi(norms.mul(norms));
            return Transforms.sqrt(Transforms.max(sq, 0.0, false).reshape(sq.length()), false);
        }
        INDArray scaled = w.mulRowVector(preprocess.columnScale(inputSize(), w.dataType()));
        INDArray rowNorms2 = scaled.mul(scaled).sum(1);
        INDArray sq = ds.mul(ds).mmul(rowNorms2.reshape(rowNorms2.length(), 1));
        return Transforms.sqrt(sq.reshape(sq.length()), false);
    }

    @Override
    public List<TrainingRecord> history() {
        return List.copyOf(history);
    }

    @Override
    public DifferentiableModel initial() {
        return initial;
    }

    /** The contract of docs/results-format.md, "Saved models": n, preprocess, arrays W, A, b (+ encoder extras). */
    @Override
    public SavedModel export() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "robustlab-hidden-layer/1");
        meta.put("encoder", kind);
        meta.put("n", n);
        meta.put("preprocess", preprocess.describe());
        meta.put("formula", bn == null ? "logits = A . ReLU(W . pre(x))^n + b"
                : "logits = A . ((ReLU(W . pre(x))^n - bn_running_mean) / sqrt(bn_running_var + eps) * bn_gamma + bn_beta) + b");
        if (bn != null) {
            meta.put("batchNorm", Map.of("eps", BatchNorm.EPS, "momentum", BatchNorm.MOMENTUM));
        }
        meta.putAll(extraMetadata);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("W", w);
        arrays.put("A", a);
        arrays.put("b", b);
        if (bn != null) {
            arrays.putAll(new java.util.TreeMap<>(bn.arrays()));
        }
        arrays.putAll(extraArrays);
        return new SavedModel(meta, arrays);
    }

    /** Rebuilds a model from {@link #export()} (with its initial-state twin when W_init was saved). */
    public static HiddenLayerModel fromSaved(String name, String kind, SavedModel saved) {
        Map<String, Object> meta = saved.metadata();
        HiddenLayerModel m = new HiddenLayerModel(name, kind, saved.arrays().get("W"), saved.arrays().get("A"),
                saved.arrays().get("b"), ((Number) meta.get("n")).doubleValue(), Preprocess.fromJson(meta.get("preprocess")));
        if (saved.arrays().containsKey("bn_gamma")) {
            m.bn = BatchNorm.fromArrays(saved.arrays());
        }
        saved.arrays().forEach((k, v) -> {
            if (!List.of("W", "A", "b").contains(k) && !k.startsWith("bn_")) {
                m.extraArrays.put(k, v);
            }
        });
        INDArray wInit = saved.arrays().get("W_init");
        if (wInit != null) {
            HiddenLayerModel init = new HiddenLayerModel(name + "@init", kind, wInit, m.a, m.b, m.n, m.preprocess);
            init.bn = m.bn;
            m.initial = init;
        }
        return m;
    }
}
