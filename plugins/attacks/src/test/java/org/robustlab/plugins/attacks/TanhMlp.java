package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.DifferentiableModel;

/**
 * logits = tanh(x W1ᵀ + b1) W2ᵀ, a small non-linear victim with exact (hand-derived, finite-difference checked) input
 * gradients. {@code scale} multiplies the logits: a large scale saturates the softmax, so the float32 cross-entropy
 * gradient is exactly zero on confidently classified images (gradient masking on purpose).
 */
final class TanhMlp implements DifferentiableModel {
    final INDArray w1;
    final INDArray b1;
    final INDArray w2;
    final double scale;
    final DataType gradientType;

    TanhMlp(long seed, int d, int h, int c, double scale, DataType gradientType) {
        this.w1 = Nd4j.randn(seed, new long[]{h, d}).castTo(DataType.DOUBLE).muli(2 / Math.sqrt(d));
        this.b1 = Nd4j.randn(seed + 1, new long[]{1, h}).castTo(DataType.DOUBLE).muli(0.1);
        this.w2 = Nd4j.randn(seed + 2, new long[]{c, h}).castTo(DataType.DOUBLE).muli(2 / Math.sqrt(h));
        this.scale = scale;
        this.gradientType = gradientType;
    }

    @Override
    public String name() {
        return "tanh-mlp";
    }

    @Override
    public int inputSize() {
        return (int) w1.columns();
    }

    @Override
    public int hiddenSize() {
        return (int) w1.rows();
    }

    @Override
    public int numClasses() {
        return (int) w2.rows();
    }

    @Override
    public INDArray hidden(INDArray x) {
        return Transforms.tanh(x.castTo(DataType.DOUBLE).mmul(w1.transpose()).addiRowVector(b1), false);
    }

    @Override
    public INDArray logits(INDArray x) {
        return hidden(x).mmul(w2.transpose()).muli(scale);
    }

    @Override
    public INDArray lossInputGradient(INDArray x, int[] labels) {
        INDArray h = hidden(x).castTo(gradientType);
        INDArray l = h.mmul(w2.transpose().castTo(gradientType)).muli(scale);
        INDArray e = Transforms.exp(l.subColumnVector(l.max(1).reshape(l.rows(), 1)), false);
        INDArray p = e.diviColumnVector(e.sum(1).reshape(e.rows(), 1));
        for (int i = 0; i < labels.length; i++) {
            p.putScalar(i, labels[i], p.getDouble(i, labels[i]) - 1);
        }
        INDArray dh = p.mmul(w2.castTo(gradientType)).muli(scale);
        INDArray dPre = dh.muli(h.mul(h).rsubi(1));
        return dPre.mmul(w1.castTo(gradientType)).castTo(DataType.DOUBLE);
    }

    @Override
    public INDArray representationInputGradient(INDArray x, INDArray target) {
        INDArray h = hidden(x);
        return h.sub(target).muli(h.mul(h).rsubi(1)).mmul(w1);
    }

    @Override
    public INDArray jacobianFrobeniusNorm(INDArray x) {
        throw new UnsupportedOperationException("not needed by attack tests");
    }
}
