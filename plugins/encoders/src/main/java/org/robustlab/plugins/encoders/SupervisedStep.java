package org.robustlab.plugins.encoders;

import org.robustlab.numerics.RowPasses;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Regularizer;

/**
 * Loss and parameter gradients of one minibatch: mean cross-entropy plus regularizer penalties
 * (docs/methods.md §1, §3). Pure function of its inputs; checked against central differences.
 */
public final class SupervisedStep {
    private SupervisedStep() {
    }

    /**
     * Result of one step.
     *
     * @param loss     CE mean + penalty
     * @param penalty  sum of regularizer penalties
     * @param dW       ∂loss/∂W (null when W is frozen and there are no regularizers)
     * @param dA       ∂loss/∂A
     * @param db       ∂loss/∂b
     * @param correct  correctly classified samples of the batch
     * @param dGamma   ∂loss/∂γ of the BatchNorm (null without one)
     * @param dBeta    ∂loss/∂β of the BatchNorm (null without one)
     * @param bnBatch  the BatchNorm's batch statistics, for the trainer to update the running ones (null without one)
     */
    public record Result(double loss, double penalty, INDArray dW, INDArray dA, INDArray db, int correct, INDArray dGamma,
                         INDArray dBeta, BatchNorm.Train bnBatch) {
        Result(double loss, double penalty, INDArray dW, INDArray dA, INDArray db, int correct) {
            this(loss, penalty, dW, dA, db, correct, null, null, null);
        }
    }

    /** Computes loss and gradients; {@code trainW} false skips ∂W (KH decoder, W frozen). */
    public static Result compute(HiddenLayerModel model, INDArray x, int[] labels, List<Regularizer> regularizers,
                                 boolean trainW) {
        return compute(model, model.forward(x), labels, regularizers, trainW);
    }

    /** As above from a forward pass already made (e.g. cached pre-activations when W is frozen). */
    public static Result compute(HiddenLayerModel model, HiddenLayerModel.Forward f, int[] labels,
                                 List<Regularizer> regularizers, boolean trainW) {
        return compute(model, f, labels, regularizers, trainW, null);
    }

    /**
     * As above, writing ∂W into {@code dWBuffer} when it has W's shape and type (its contents are
     * overwritten; the result's dW is then that buffer): the trainer keeps one across batches
     * instead of a fresh 24 MB array per step.
     */
    public static Result compute(HiddenLayerModel model, HiddenLayerModel.Forward f, int[] labels,
                                 List<Regularizer> regularizers, boolean trainW, INDArray dWBuffer) {
        return compute(model, f, labels, regularizers, trainW, dWBuffer, null);
    }

    /**
     * As above, for a forward pass made into {@code scratch} ({@link HiddenLayerModel#forward(INDArray,
     * HiddenLayerModel.Scratch)}; null: the plain path): ∂ĥ goes into the scratch's array and the activation's
     * derivative is applied in place by a fused kernel, the readout's GEMMs write into arrays of their own shape.
     * Same values up to rounding ({@code SupervisedStepTest}). Without BatchNorm.
     */
    static Result compute(HiddenLayerModel model, HiddenLayerModel.Forward f, int[] labels,
                          List<Regularizer> regularizers, boolean trainW, INDArray dWBuffer, HiddenLayerModel.Scratch scratch) {
        if (scratch != null && model.bn != null) {
            throw new IllegalArgumentException("the scratch path has no BatchNorm");
        }
        int batch = labels.length;
        // With a BatchNorm, training normalises with the batch's own statistics (train mode), not the running ones
        BatchNorm.Train bnBatch = model.bn == null ? null : model.bn.train(f.hHat());
        INDArray readoutInput = bnBatch == null ? f.hHat() : bnBatch.z();
        INDArray logits = bnBatch == null ? f.logits() : readoutInput.mmul(model.a.transpose()).addiRowVector(model.b);
        HiddenLayerOps.CrossEntropyBatch ceBatch = HiddenLayerOps.crossEntropyBatch(logits, labels);
        double ce = ceBatch.lossSum() / batch;
        INDArray dLogits = ceBatch.dLogits().divi(batch);
        // ND4J's mmul on these thin shapes (K or N = 10) costs ~10 ms each, a GEMM into a new array ~1-3 ms
        INDArray dA = scratch == null ? dLogits.transpose().mmul(readoutInput)
                : Nd4j.gemm(dLogits, readoutInput, Nd4j.create(dLogits.dataType(), dLogits.columns(), readoutInput.columns()),
                        true, false, 1.0, 0.0);
        INDArray db = dLogits.sum(0);
        INDArray dGamma = bnBatch == null ? null : model.bn.gamma.ulike();
        INDArray dBeta = bnBatch == null ? null : model.bn.beta.ulike();
        // With W frozen nothing flows past ĥ: no dW, and no ∂/∂ĥ unless a regularizer wants to see it.
        boolean needDHhat = trainW || !regularizers.isEmpty() || bnBatch != null;
        INDArray dHhat = null;
        if (needDHhat && scratch != null) {
            scratch.dH = RowPasses.like(scratch.dH, dLogits.dataType(), batch, model.a.columns());
            dHhat = Nd4j.gemm(dLogits, model.a, scratch.dH, false, false, 1.0, 0.0);
        } else if (needDHhat) {
            dHhat = dLogits.mmul(model.a);
        }
        if (bnBatch != null) {
            dHhat = model.bn.backward(bnBatch, dHhat, dGamma, dBeta);
        }
        INDArray dW = null;
        if (trainW || !regularizers.isEmpty()) {
            boolean reuse = dWBuffer != null && java.util.Arrays.equals(dWBuffer.shape(), model.w.shape())
                    && dWBuffer.dataType() == model.w.dataType() && dWBuffer.ordering() == 'c' && !dWBuffer.isView();
            dW = reuse ? dWBuffer : model.w.ulike();
            if (!regularizers.isEmpty() || !trainW) {
                dW.assign(0); // penalties add into it before the backward GEMM
            }
        }
        // without penalties the backward GEMM writes ∂W outright (β = 0: whatever the buffer held is ignored)
        double gemmBeta = regularizers.isEmpty() ? 0.0 : 1.0;
        // penalties on the pre-activation h add here; they join ∂h below and so ride the same ∂W GEMM
        INDArray dPre = trainW && !regularizers.isEmpty() ? f.h().ulike().assign(0) : null;
        double penalty = 0;
        if (!regularizers.isEmpty()) {
            HiddenBatch hb = new HiddenBatch(f.pre(), model.w, f.h(), f.hHat(), model.n, model.a, model.b);
            HiddenGradients hg = new HiddenGradients(dW, dHhat, trainW, dPre, dA, db);
            for (Regularizer r : regularizers) {
                penalty += r.penalty(hb, hg);
            }
        }
        if (trainW) {
            INDArray dh;
            if (scratch != null) {
                HiddenLayerKernels.multiplyActivationDerivative(dHhat, f.h(), f.hHat(), model.n); // ∂ĥ is not read again
                dh = dHhat;
            } else {
                dh = dHhat.mul(HiddenLayerOps.activationDerivative(f.h(), model.n));
            }
            if (dPre != null) {
                dh.addi(dPre);
            }
            // with penalties, accumulate into dW inside the GEMM (β = 1): no 24 MB temporary and no extra pass to add it
            Nd4j.gemm(dh, Bulk.contiguous(f.pre()), dW, true, false, 1.0, gemmBeta);
        }
        return new Result(ce + penalty, penalty, dW, dA, db, ceBatch.correct(), dGamma, dBeta, bnBatch);
    }
}
