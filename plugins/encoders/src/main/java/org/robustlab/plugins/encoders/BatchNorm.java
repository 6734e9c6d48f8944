package org.robustlab.plugins.encoders;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNorm1d between ĥ = ReLU(h)^n and the readout, as the seed code's SpecReg model has it
 * (holzhauk/LocalLearning, src/LocalLearning/LocalLearning.py, {@code SHLP}, lines 357–424:
 * {@code nn.BatchNorm1d(hidden_size)} before {@code nn.Linear}), with PyTorch's defaults: ε = 1e-5,
 * momentum 0.1, affine γ = 1, β = 0 at the start; training normalises with the batch's mean and biased
 * variance and updates the running statistics with the unbiased one; evaluation uses the running statistics,
 * z = (ĥ − μ) / sqrt(σ² + ε) · γ + β. Arrays are 1×H.
 */
final class BatchNorm {
    static final double EPS = 1e-5;
    static final double MOMENTUM = 0.1;
    final INDArray gamma;
    final INDArray beta;
    final INDArray runningMean;
    final INDArray runningVar;

    BatchNorm(INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningVar) {
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
    }

    /** γ = 1, β = 0, running mean 0 and variance 1 (PyTorch's start). */
    static BatchNorm fresh(int h, DataType t) {
        return new BatchNorm(Nd4j.ones(t, 1, h), Nd4j.zeros(t, 1, h), Nd4j.zeros(t, 1, h), Nd4j.ones(t, 1, h));
    }

    BatchNorm dup() {
        return new BatchNorm(gamma.dup(), beta.dup(), runningMean.dup(), runningVar.dup());
    }

    /** Evaluation scale s = γ / sqrt(σ²_run + ε) (1×H): z = (ĥ − μ_run) s + β. */
    INDArray evalScale() {
        return gamma.div(Transforms.sqrt(runningVar.add(EPS), false));
    }

    /** Evaluation: z = (ĥ − μ_run) s + β, a new B×H array. */
    INDArray eval(INDArray hHat) {
        return hHat.subRowVector(runningMean).muliRowVector(evalScale()).addiRowVector(beta);
    }

    /** One training batch: the normalised x̂n, 1/sqrt(σ²_B + ε) and the output z; running statistics not yet updated. */
    record Train(INDArray z, INDArray normalised, INDArray invStd, INDArray mean, INDArray var) {
    }

    Train train(INDArray hHat) {
        int b = (int) hHat.rows();
        INDArray mean = hHat.mean(0).reshape(1, hHat.columns());
        INDArray centred = hHat.subRowVector(mean);
        INDArray var = centred.mul(centred).sum(0).reshape(1, hHat.columns()).divi(b);
        INDArray invStd = Transforms.pow(var.add(EPS), -0.5, false);
        INDArray normalised = centred.muliRowVector(invStd);
        INDArray z = normalised.mulRowVector(gamma).addiRowVector(beta);
        return new Train(z, normalised, invStd, mean, var);
    }

    /**
     * Backward through a training batch: returns ∂L/∂ĥ (B×H) and writes ∂L/∂γ, ∂L/∂β (1×H) into the given arrays:
     * dĥ = γ·invStd/B · (B·dz − Σ dz − x̂n · Σ(dz ⊙ x̂n)).
     */
    INDArray backward(Train t, INDArray dz, INDArray dGamma, INDArray dBeta) {
        int b = (int) dz.rows();
        INDArray sumDz = dz.sum(0).reshape(1, dz.columns());
        INDArray sumDzXn = dz.mul(t.normalised()).sum(0).reshape(1, dz.columns());
        dGamma.assign(sumDzXn);
        dBeta.assign(sumDz);
        INDArray dHhat = dz.mul(b).subiRowVector(sumDz).subi(t.normalised().mulRowVector(sumDzXn));
        return dHhat.muliRowVector(gamma.mul(t.invStd()).divi(b));
    }

    /** running ← (1 − m)·running + m·batch, the variance unbiased (×B/(B − 1)), as PyTorch. */
    void updateRunning(Train t, int batch) {
        runningMean.muli(1 - MOMENTUM).addi(t.mean().mul(MOMENTUM));
        double unbias = batch > 1 ? (double) batch / (batch - 1) : 1;
        runningVar.muli(1 - MOMENTUM).addi(t.var().mul(MOMENTUM * unbias));
    }

    /** Arrays as saved in {@code model.json}'s arrays. */
    Map<String, INDArray> arrays() {
        return Map.of("bn_gamma", gamma, "bn_beta", beta, "bn_running_mean", runningMean, "bn_running_var", runningVar);
    }

    static BatchNorm fromArrays(Map<String, INDArray> arrays) {
        return new BatchNorm(arrays.get("bn_gamma").reshape(1, arrays.get("bn_gamma").length()),
                arrays.get("bn_beta").reshape(1, arrays.get("bn_beta").length()),
                arrays.get("bn_running_mean").reshape(1, arrays.get("bn_running_mean").length()),
                arrays.get("bn_running_var").reshape(1, arrays.get("bn_running_var").length()));
    }
}
