package org.robustlab.plugins.encoders;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.pf4j.Extension;
import org.robustlab.api.Dataset;
import org.robustlab.api.Encoder;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;

/**
 * End-to-end backprop one-hidden-layer perceptron (docs/methods.md §1, "SHLP"): He-initialised W,
 * ĥ = ReLU(Wx)^n, logits = Aĥ + b, cross-entropy and Adam with the seed's step schedule.
 */
@Extension
public class MlpEncoder implements Encoder {
    @Param(description = "hidden width H", min = 1)
    int hidden = 2000;
    @Param(description = "activation power n in ReLU(h)^n", min = 0.5)
    double n = 1.0;
    @Param(description = "training epochs", min = 1)
    int epochs = 20;
    @Param(description = "minibatch size", min = 1)
    int batch = 1000;
    @Param(description = "learning rates of the step schedule (one more than milestones; a single value is a constant rate)")
    double[] lr = {1e-3, 5e-4, 2e-4, 1e-4, 1e-5};
    @Param(description = "epochs at which the learning rate steps to the next value")
    int[] milestones = {30, 90, 120, 160};
    @Param(description = "standardize inputs per channel (part of the model) instead of raw [0,1] pixels")
    boolean standardize = false;
    @Param(description = "divide each image by its own L_p norm with this p inside the model, as kh does (0: off;"
            + " the seed code's protocol uses 3 for every model)", min = 0)
    double inputNorm = 0;
    @Param(description = "BatchNorm1d between ReLU(h)^n and the readout (the seed code's SpecReg model)")
    boolean batchNorm = false;
    @Param(description = "learning-rate schedule: step (lr at milestones), or exp: lr[0] up to epoch decayStart, then"
            + " lr[0]·exp(−(epoch − decayStart)/decayTau) (the seed code's SpecReg schedule)", choices = {"step", "exp"})
    String schedule = "step";
    @Param(description = "with schedule: 'exp', the last epoch at the full rate", min = 0)
    int decayStart = 90;
    @Param(description = "with schedule: 'exp', the decay time in epochs", min = 1e-9)
    double decayTau = 30;

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "backprop one-hidden-layer MLP: ReLU(Wx)^n, Adam, cross-entropy, step schedule";
    }

    @Override
    public TrainedModel train(String modelName, Dataset train, List<Regularizer> regularizers, StudyContext ctx) {
        DataType t = ctx.dataType();
        Random rng = ctx.random("init/" + modelName);
        int d = train.dimension();
        var w = Init.gaussian(hidden, d, Math.sqrt(2.0 / d), rng, t);
        var a = Init.uniform(train.numClasses(), hidden, 1 / Math.sqrt(hidden), rng, t);
        var b = Init.uniform(1, train.numClasses(), 1 / Math.sqrt(hidden), rng, t);
        if (standardize && inputNorm > 0) {
            throw new RobustlabException("mlp: standardize: true and inputNorm: " + inputNorm + " exclude each other;"
                    + " choose one preprocessing");
        }
        Preprocess pre = inputNorm > 0 ? Preprocess.lpNormalize(inputNorm)
                : standardize ? Preprocess.fitStandardize(train.features()) : Preprocess.none();
        HiddenLayerModel model = new HiddenLayerModel(modelName, name(), w, a, b, n, pre);
        model.bn = batchNorm ? BatchNorm.fresh(hidden, t) : null;
        model.extraArrays.put("W_init", w.dup());
        HiddenLayerModel init = new HiddenLayerModel(modelName + "@init", name(), w.dup(), a.dup(), b.dup(), n, pre);
        init.bn = model.bn == null ? null : model.bn.dup();
        model.initial = init;
        SupervisedTrainer.train(model, train, regularizers, epochs, batch, learningRates(modelName), true, "train", ctx);
        return model;
    }

    /** The learning rate per epoch (epochs count from 0, as the seed code's LambdaLR sees them). */
    java.util.function.IntToDoubleFunction learningRates(String modelName) {
        if ("exp".equals(schedule)) {
            double base = lr[0];
            return epoch -> epoch <= decayStart ? base : base * Math.exp(-(epoch - decayStart) / decayTau);
        }
        return SupervisedTrainer.stepSchedule(modelName, lr, milestones);
    }

    @Override
    public TrainedModel restore(String modelName, TrainedModel.SavedModel saved) {
        return HiddenLayerModel.fromSaved(modelName, name(), saved);
    }
}
