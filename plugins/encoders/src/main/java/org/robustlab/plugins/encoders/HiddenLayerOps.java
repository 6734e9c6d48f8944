package org.robustlab.plugins.encoders;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kernels of the one-hidden-layer family. No method modifies its arguments unless its javadoc
 * says "modified".
 */
public final class HiddenLayerOps {
    private HiddenLayerOps() {
    }

    /**
     * a·bᵀ as a new array through BLAS gemm with the transpose flag (on OpenBLAS here ~15% faster
     * than {@code a.mmul(b.transpose())}, which goes through a transposed view; ~4× for a thin b such as
     * the 10×2000 readout: 1000×2000 logits 2–5 ms against 9–16 ms).
     */
    public static INDArray timesTransposed(INDArray a, INDArray b) {
        return org.robustlab.numerics.Products.timesTransposed(a, b);
    }

    /** ĥ = ReLU(h)^n, a new array. */
    public static INDArray activate(INDArray h, double n) {
        INDArray r = Transforms.relu(h, true);
        return n == 1.0 ? r : Transforms.pow(r, n, false);
    }

    /** σ'(h) = n·ReLU(h)^(n−1)·1[h > 0], a new array (0 where h ≤ 0, also for n < 1). */
    public static INDArray activationDerivative(INDArray h, double n) {
        INDArray mask = h.gt(0).castTo(h.dataType());
        if (n == 1.0) {
            return mask;
        }
        INDArray r = Transforms.relu(h, true);
        return Transforms.pow(r, n - 1, false).muli(mask).muli(n);
    }

    /**
     * Cross-entropy of a batch in one pass over its logits: the summed per-sample loss, ∂(summed
     * loss)/∂logits = softmax − onehot (a new array of the logits' type) and the number of samples
     * whose largest logit (first on ties) is the label. The logits (B×C, C = 10 here) are copied to
     * the heap once: the plain version ({@link #crossEntropy}, {@link #crossEntropyGradient},
     * argMax) made about ten native calls and 3·B scalar JNI reads per batch, which cost more than
     * the arithmetic on ten columns.
     */
    public static CrossEntropyBatch crossEntropyBatch(INDArray logits, int[] labels) {
        int b = (int) logits.rows();
        int c = (int) logits.columns();
        if (labels.length != b) {
            throw new IllegalArgumentException(labels.length + " labels for " + b + " rows of logits");
        }
        boolean direct = logits.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                || logits.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE;
        INDArray in = direct ? logits : logits.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        double[] z = new double[b * c];
        Bulk.toDoubles(in, z); // one bulk read through the NIO view, no cast or copy on the native side
        double[] grad = new double[b * c];
        double[] rowLoss = new double[b];
        int[] argMax = new int[b];
        org.robustlab.numerics.CrossEntropy.rows(z, c, labels, rowLoss, argMax, grad);
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < b; i++) {
            loss += rowLoss[i];
            correct += argMax[i] == labels[i] ? 1 : 0;
        }
        org.nd4j.linalg.api.buffer.DataType type = in.dataType();
        INDArray d = Nd4j.create(type, b, c);
        if (type == org.nd4j.linalg.api.buffer.DataType.DOUBLE) {
            d.data().asNioDouble().put(0, grad, 0, grad.length);
        } else {
            float[] f = new float[grad.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) grad[i]; // rounded once, as a cast of the float64 array would
            }
            d.data().asNioFloat().put(0, f, 0, f.length);
        }
        return new CrossEntropyBatch(loss, direct ? d : d.castTo(logits.dataType()), correct);
    }

    /** See {@link #crossEntropyBatch}. */
    public record CrossEntropyBatch(double lossSum, INDArray dLogits, int correct) {
    }

    /** Row-wise softmax, numerically stable, a new array. */
    public static INDArray softmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(1).reshape(logits.rows(), 1));
        INDArray e = Transforms.exp(shifted, false);
        return e.diviColumnVector(e.sum(1).reshape(e.rows(), 1));
    }

    /** One-hot rows for {@code labels}. */
    public static INDArray oneHot(int[] labels, int classes, org.nd4j.linalg.api.buffer.DataType type) {
        INDArray y = Nd4j.zeros(type, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    /**
     * Per-sample cross-entropy of logits against labels: −log softmax(logits)_y, length B.
     */
    public static INDArray crossEntropy(INDArray logits, int[] labels) {
        INDArray max = logits.max(1).reshape(logits.rows(), 1);
        INDArray shifted = logits.subColumnVector(max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(1), false);
        INDArray out = Nd4j.create(logits.dataType(), labels.length);
        for (int i = 0; i < labels.length; i++) {
            out.putScalar(i, lse.getDouble(i) - shifted.getDouble(i, labels[i]));
        }
        return out;
    }

    /** ∂CE/∂logits per sample (not averaged): softmax − onehot. */
    public static INDArray crossEntropyGradient(INDArray logits, int[] labels) {
        return softmax(logits).subi(oneHot(labels, (int) logits.columns(), logits.dataType()));
    }
}
