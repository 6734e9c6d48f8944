package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.DifferentiableModel;

/** logits = x Mᵀ + c with exact input gradients: a transparent victim for attack tests. */
final class LinearModel implements DifferentiableModel {
    final INDArray m;
    final INDArray c;

    LinearModel(INDArray m, INDArray c) {
        this.m = m.castTo(DataType.DOUBLE);
        this.c = c.castTo(DataType.DOUBLE);
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int inputSize() {
        return (int) m.columns();
    }

    @Override
    public int hiddenSize() {
        return inputSize();
    }

    @Override
    public int numClasses() {
        return (int) m.rows();
    }

    @Override
    public INDArray logits(INDArray x) {
        return x.castTo(DataType.DOUBLE).mmul(m.transpose()).addiRowVector(c);
    }

    @Override
    public INDArray hidden(INDArray x) {
        return x.castTo(DataType.DOUBLE);
    }

    @Override
    public INDArray lossInputGradient(INDArray x, int[] labels) {
        INDArray l = logits(x);
        INDArray e = Transforms.exp(l.subColumnVector(l.max(1).reshape(l.rows(), 1)), false);
        INDArray p = e.diviColumnVector(e.sum(1).reshape(e.rows(), 1));
        for (int i = 0; i < labels.length; i++) {
            p.putScalar(i, labels[i], p.getDouble(i, labels[i]) - 1);
        }
        return p.mmul(m);
    }

    @Override
    public INDArray representationInputGradient(INDArray x, INDArray target) {
        return x.castTo(DataType.DOUBLE).sub(target);
    }

    @Override
    public INDArray jacobianFrobeniusNorm(INDArray x) {
        return Nd4j.ones(DataType.DOUBLE, x.rows()).muli(Math.sqrt(inputSize()));
    }
}
