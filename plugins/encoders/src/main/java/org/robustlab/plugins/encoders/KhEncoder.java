package org.robustlab.plugins.encoders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pf4j.Extension;
import org.robustlab.api.Dataset;
import org.robustlab.api.Encoder;
import org.robustlab.api.Param;
import org.robustlab.api.Progress;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.api.TrainingCheckpoints;
import org.robustlab.api.TrainingState;

/**
 * Krotov–Hopfield hybrid (docs/methods.md §1–2): synapses S learned without labels by the local
 * competitive rule, effective weights W = sign(S)|S|^(p−1) (also in the forward pass), optional
 * pruning (appendix A), then a supervised decoder y = A·ReLU(W·pre(x))^n + b trained with Adam.
 */
@Extension
public class KhEncoder implements Encoder {
    @Param(description = "hidden units H", min = 1)
    @NotInRuleKey("the hashed initial synapses have H rows")
    int hidden = 2000;
    @Param(description = "Lebesgue exponent p of the synapse norm (W = sign(S)|S|^(p-1))", min = 1)
    double p = 3;
    @Param(description = "rank k of the unit that is pushed away (anti-Hebbian)", min = 2)
    int k = 2;
    @Param(description = "strength Delta of the anti-Hebbian update", min = 0)
    double delta = 0.4;
    @Param(description = "initial learning rate eps0 (decays linearly to 0 over the epochs)", min = 0)
    double eps0 = 0.02;
    @Param(description = "unsupervised minibatch size", min = 1)
    int batch = 1000;
    @Param(description = "unsupervised epochs E", min = 0)
    int epochs = 100;
    @Param(description = "divide each image by its own L_p norm with this p before everything (0: raw pixels)", min = 0)
    @NotInRuleKey("the key hashes the images after this normalisation")
    double inputNorm = 3;
    @Param(description = ".npy file (H x 3072) of initial synapses, for step-by-step comparison with other implementations")
    @NotInRuleKey("the key hashes the initial synapses themselves")
    Path init = null;
    @Param(description = "reshuffle the training set every epoch (seeded)")
    boolean shuffle = true;
    @Param(description = "use the fast row-sparse update (false: the plain dense oracle)")
    boolean fast = true;
    @Param(description = "activation power n of the decoder input ReLU(h)^n", min = 0.5)
    @NotInRuleKey("decoder")
    double n = 4.5;
    @Param(description = "supervised decoder epochs", min = 1)
    @NotInRuleKey("decoder")
    int decoderEpochs = 100;
    @Param(description = "supervised decoder minibatch size", min = 1)
    @NotInRuleKey("decoder")
    int decoderBatch = 1000;
    @Param(description = "decoder Adam learning rate", min = 0)
    @NotInRuleKey("decoder")
    double decoderLr = 1e-3;
    @Param(description = "pruning of unconverged units: none, fixed (variance > pruneThreshold), seed (the seed code's"
            + " StatisticGardener: mixtures of up to 4 components on log variances in (-9, -3), likelihood-ratio test) or auto"
            + " (a 2-component mixture on all log variances; can split converged units, see docs/known-issues.md)",
            choices = {"none", "fixed", "seed", "auto"})
    @NotInRuleKey("pruning follows the rule")
    String prune = "none";
    @Param(description = "synapse-variance threshold of fixed pruning (paper: 0.0015)", min = 0)
    @NotInRuleKey("pruning follows the rule")
    double pruneThreshold = 0.0015;
    @Param(description = "fail the model unless at least this fraction of units converged after the unsupervised phase"
            + " (the seed code keeps a layer only at 0.9; 0: no gate)", min = 0, max = 1)
    @NotInRuleKey("a gate after the rule")
    double minConverged = 0;
    @Param(description = "a unit has converged when |‖s‖_p − 1| is at most this", min = 0)
    @NotInRuleKey("a gate after the rule")
    double convergenceTol = 1e-2;
    @Param(description = "take the unsupervised phase of another kh model of the study: its initial synapses and shuffle"
            + " order, and its saved synapses when the rule parameters are equal (trained once, e.g. for pruned vs unpruned)",
            omitWhenUnset = true)
    @NotInRuleKey("the key names the model whose random streams the rule uses")
    String ruleOf = null;

    @Override
    public String name() {
        return "kh";
    }

    @Override
    public String description() {
        return "Krotov-Hopfield local unsupervised learning + supervised decoder on ReLU(Wx)^n";
    }

    @Override
    public TrainedModel train(String modelName, Dataset train, List<Regularizer> regularizers, StudyContext ctx) {
        DataType t = ctx.dataType();
        int d = train.dimension();
        Preprocess pre = inputNorm > 0 ? Preprocess.lpNormalize(inputNorm) : Preprocess.none();
        INDArray x = pre.apply(train.features().castTo(t)).dup('c');
        // the rule's random streams and its saved synapses belong to ruleOf when set: one rule, several prunings/decoders
        String ruleModel = ruleOf == null ? modelName : ruleOf;
        INDArray s = initialSynapses(ruleModel, d, t, ctx);
        INDArray w = KrotovHopfieldOps.effective(s, p).dup('c');
        INDArray wInit = w.dup();
        String modelDir = "models/" + org.robustlab.api.FileNames.of(ruleModel) + "/";
        String key = KhCheckpoint.key(x, s, unsupervisedParams(ruleModel, ctx));
        KhCheckpoint.Restored done = KhCheckpoint.load(ctx, modelDir, key);
        List<Map<String, Object>> khHistory;
        if (ruleOf != null) {
            ctx.log("model '" + modelName + "': the KH rule of model '" + ruleOf + "' (" + KhCheckpoint.folder(modelDir, key) + ") "
                    + (done != null ? "is reused" : "has not run with these rule parameters; it runs from that model's start"));
        }
        if (done != null) {
            ctx.log("model '" + modelName + "': reusing the KH synapses of an earlier run (" + KhCheckpoint.folder(modelDir, key)
                    + "); only the decoder trains");
            s = done.s().castTo(t).dup('c');
            w = KrotovHopfieldOps.effective(s, p).dup('c');
            khHistory = done.history();
        } else {
            khHistory = learn(modelName, ruleModel, s, w, x, ctx);
            KhCheckpoint.save(ctx, modelDir, key, s, khHistory);
        }

        checkConverged(modelName, s, KhCheckpoint.folder(modelDir, key) + "S.npy");
        double[] variance = SynapsePruning.rowVariances(s);
        boolean[] ablated = switch (prune) {
            case "fixed" -> SynapsePruning.fixed(variance, pruneThreshold);
            case "auto" -> SynapsePruning.automatic(variance);
            case "seed" -> {
                SynapsePruning.SeedResult r = SynapsePruning.seed(variance);
                ctx.log(String.format("model '%s': the seed's gardener selected %d Gaussian component(s); cutoff variance %s",
                        modelName, r.components(), Double.isNaN(r.cutoff()) ? "none" : String.format("%.3g", r.cutoff())));
                yield r.ablated();
            }
            default -> new boolean[hidden];
        };
        int pruned = 0;
        for (int i = 0; i < hidden; i++) {
            if (ablated[i]) {
                w.getRow(i).assign(0);
                pruned++;
            }
        }
        writeDiagnostics(modelName, s, variance, ablated, ctx);
        double unconverged = unconvergedFraction(s);
        ctx.log(String.format("model '%s': KH done; %.1f%% of units have |‖s‖_p − 1| > %s; %d of %d units pruned (%s)",
                modelName, 100 * unconverged, convergenceTol, pruned, hidden, prune));
        if (!regularizers.isEmpty()) {
            ctx.log("model '" + modelName + "': hidden-layer regularizers do not change the KH decoder (W is learned without labels)");
        }

        Random rng = ctx.random("init/" + modelName + "/decoder");
        INDArray a = Init.uniform(train.numClasses(), hidden, 1 / Math.sqrt(hidden), rng, t);
        INDArray b = Init.uniform(1, train.numClasses(), 1 / Math.sqrt(hidden), rng, t);
        HiddenLayerModel model = new HiddenLayerModel(modelName, name(), w, a, b, n, pre);
        model.initial = new HiddenLayerModel(modelName + "@init", name(), wInit, a.dup(), b.dup(), n, pre);
        SupervisedTrainer.train(model, train, regularizers, decoderEpochs, decoderBatch, new double[]{decoderLr}, new int[0],
                false, "decoder", ctx);
        model.extraArrays.put("S", s);
        model.extraArrays.put("W_init", wInit);
        model.extraMetadata.put("unconvergedFraction", unconverged);
        model.extraMetadata.put("prunedUnits", pruned);
        model.extraMetadata.put("khHistory", khHistory);
        return model;
    }

    /**
     * Marks a parameter the unsupervised phase does not read, or one its checkpoint key already covers through the
     * arrays it hashes. Every other {@code @Param} enters the key ({@link #unsupervisedParams}), so a new parameter of
     * the rule cannot be forgotten there; at worst a new decoder parameter costs a needless retraining.
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    @interface NotInRuleKey {
        /** Why the key does not need it. */
        String value();
    }

    /** What the unsupervised phase depends on besides the images and the initial synapses: every rule @Param. */
    Map<String, Object> unsupervisedParams(String modelName, StudyContext ctx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", modelName); // names the shuffle stream
        m.put("seed", ctx.seed());
        for (java.lang.reflect.Field f : KhEncoder.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(org.robustlab.api.Param.class) && !f.isAnnotationPresent(NotInRuleKey.class)) {
                try {
                    m.put(f.getName(), f.get(this));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return m;
    }

    private INDArray initialSynapses(String modelName, int d, DataType t, StudyContext ctx) {
        if (init != null) {
            INDArray s = ctx.readArray(init);
            if (s.rank() != 2 || s.rows() != hidden || s.columns() != d) {
                throw new RobustlabException("kh: init " + init + " has shape " + java.util.Arrays.toString(s.shape())
                        + " but hidden: " + hidden + " and the data need " + hidden + " x " + d);
            }
            return s.castTo(t).dup('c');
        }
        return Init.gaussian(hidden, d, 1, ctx.random("init/" + modelName + "/synapses"), t);
    }

    /**
     * The unsupervised epochs; returns per-epoch records. S, W, the shuffle generator and the records are
     * checkpointed after every epoch (phase {@code kh-rule}), and a checkpoint found at the start is continued.
     */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> learn(String modelName, String ruleModel, INDArray s, INDArray w, INDArray x, StudyContext ctx) {
        int n = (int) x.rows();
        int batches = (n + batch - 1) / batch;
        KrotovHopfieldOps.Rule rule = new KrotovHopfieldOps.Rule(p, k, delta);
        Random rng = ctx.random("train/" + ruleModel + "/kh-shuffle");
        List<Map<String, Object>> history = new ArrayList<>();
        TrainingCheckpoints checkpoints = ctx.checkpoints(modelName);
        int firstEpoch = 0;
        TrainingState resumed = checkpoints.load("kh-rule");
        if (resumed != null && resumed.epochsDone() <= epochs) {
            s.assign(resumed.array("S"));
            w.assign(resumed.array("W"));
            rng = TrainingState.random(resumed.blobs().get("shuffle"));
            history.addAll((List<Map<String, Object>>) resumed.metadata().get("history"));
            firstEpoch = resumed.epochsDone();
        }
        INDArray batchBuffer = Nd4j.create(x.dataType(), Math.min(batch, n), x.columns());
        KrotovHopfieldOps.Workspace workspace = new KrotovHopfieldOps.Workspace((int) batchBuffer.rows(), (int) s.rows(),
                (int) x.columns(), x.dataType());
        try (Progress progress = ctx.progress("kh " + modelName, (long) epochs * batches)) {
            progress.stepBy((long) firstEpoch * batches);
            for (int e = firstEpoch; e < epochs; e++) {
                long t0 = System.nanoTime();
                double eps = eps0 * (1 - (double) e / epochs);
                int[] order = shuffle ? SupervisedTrainer.permutation(n, rng) : identity(n);
                for (int bi = 0; bi < batches; bi++) {
                    int[] rows = java.util.Arrays.copyOfRange(order, bi * batch, Math.min(n, (bi + 1) * batch));
                    // Full batches reuse one buffer: a fresh 12 MB off-heap array per batch is slow to get and to free.
                    INDArray xb = rows.length == batchBuffer.rows() ? Bulk.gatherRows(x, rows, batchBuffer) : Bulk.gatherRows(x, rows);
                    if (fast) {
                        KrotovHopfieldOps.sparseStep(s, w, xb, rule, eps, workspace);
                    } else {
                        KrotovHopfieldOps.denseStep(s, w, xb, rule, eps);
                    }
                    progress.step();
                }
                if (!Double.isFinite(s.sumNumber().doubleValue())) { // NaN and infinities propagate into the sum
                    throw new RobustlabException("model '" + modelName + "': KH synapses became NaN/infinite at epoch " + e
                            + " (eps0 " + eps0 + "); lower eps0 and run again. Nothing was saved for this model.");
                }
                Map<String, Object> rec = new LinkedHashMap<>();
                rec.put("epoch", e);
                rec.put("learningRate", eps);
                rec.put("seconds", (System.nanoTime() - t0) / 1e9);
                rec.put("unconvergedFraction", unconvergedFraction(s));
                history.add(rec);
                progress.message(String.format("epoch %d unconverged %.3f", e, (double) rec.get("unconvergedFraction")));
                checkpoints.save("kh-rule", new TrainingState(e + 1, Map.of("S", s, "W", w),
                        Map.of("shuffle", TrainingState.randomBytes(rng)), Map.of("history", history)));
            }
        }
        return history;
    }

    /**
     * The seed code's gate (a layer is kept only when enough units converged): fails the model, before its decoder
     * trains, when fewer than {@link #minConverged} of the units have |‖s‖_p − 1| ≤ {@link #convergenceTol}.
     */
    private void checkConverged(String modelName, INDArray s, String savedSynapses) {
        if (minConverged <= 0) {
            return;
        }
        double converged = 1 - unconvergedFraction(s);
        if (converged < minConverged) {
            throw new RobustlabException(String.format(java.util.Locale.ROOT, "model '%s': only %.1f%% of the KH units"
                    + " converged (|‖s‖_%s − 1| ≤ %s) after %d epochs, below minConverged %s; train longer (epochs: %d or more),"
                    + " or continue from the synapses saved in %s with init: '<that file>' (the learning rate then decays"
                    + " from eps0 again)", modelName, 100 * converged, fmt(p), convergenceTol, epochs, minConverged,
                    Math.max(2 * epochs, 1), savedSynapses));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** Fraction of units with |‖s_μ‖_p − 1| > {@link #convergenceTol} (the seed's convergence check, R = 1). */
    double unconvergedFraction(INDArray s) {
        // Row by row into reused buffers: whole-matrix transforms allocate three H×D temporaries every epoch.
        int h = (int) s.rows();
        int d = (int) s.columns();
        INDArray c = Bulk.contiguous(s);
        double[] row = new double[d];
        float[] scratch = new float[d];
        int off = 0;
        for (int mu = 0; mu < h; mu++) {
            Bulk.getRow(c, mu, row, scratch);
            double sum = 0;
            for (double v : row) {
                sum += HiddenLayerKernels.absPow(v, p);
            }
            off += Math.abs(Math.pow(sum, 1 / p) - 1) > convergenceTol ? 1 : 0;
        }
        return (double) off / h;
    }

    private void writeDiagnostics(String modelName, INDArray s, double[] variance, boolean[] ablated, StudyContext ctx) {
        String dir = "models/" + org.robustlab.api.FileNames.of(modelName) + "/";
        int side = (int) Math.round(Math.sqrt(s.columns() / 3.0));
        if (3L * side * side == s.columns()) { // square RGB images: draw the synapses as tiles
            ctx.files().writeBytes(dir + "synapses-before-pruning.png", SynapseImages.png(s, 100, null, side, 2));
            ctx.files().writeBytes(dir + "synapses-after-pruning.png", SynapseImages.png(s, 100, ablated, side, 2));
        }
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < variance.length; i++) {
            rows.add(List.of(i, variance[i], ablated[i]));
        }
        ctx.files().writeCsv(dir + "synapse-variance.csv", List.of("unit", "variance", "pruned"), rows);
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }

    @Override
    public List<SiteView> views(String modelName, String modelFolder) {
        String dir = modelFolder + "/";
        return List.of(new SiteView(SiteView.SYNAPSES, "Synapses of " + modelName, List.of(dir + "synapse-variance.csv",
                        dir + "model.json")),
                new SiteView(SiteView.IMAGE, "Synapses of " + modelName + " before and after pruning",
                        List.of(dir + "synapses-before-pruning.png", dir + "synapses-after-pruning.png")));
    }

    @Override
    public TrainedModel restore(String modelName, TrainedModel.SavedModel saved) {
        return HiddenLayerModel.fromSaved(modelName, name(), saved);
    }
}
