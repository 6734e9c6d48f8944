package org.robustlab.plugins.analyzers;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.DifferentiableModel;

/** Batched evaluation of a model over many inputs, so memory stays bounded by the batch. */
final class Representations {
    static final int BATCH = 1000;

    private Representations() {
    }

    /** ĥ(x) for every row of {@code inputs}. */
    static INDArray hidden(DifferentiableModel model, INDArray inputs) {
        return batched(inputs, model::hidden);
    }

    /** Applies {@code f} to consecutive row batches and stacks the results. */
    static INDArray batched(INDArray inputs, UnaryOperator<INDArray> f) {
        long n = inputs.rows();
        if (n <= BATCH) {
            return f.apply(inputs);
        }
        INDArray[] parts = new INDArray[(int) ((n + BATCH - 1) / BATCH)];
        for (int b = 0; b < parts.length; b++) {
            long from = (long) b * BATCH;
            parts[b] = f.apply(inputs.get(NDArrayIndex.interval(from, Math.min(n, from + BATCH)), NDArrayIndex.all()));
        }
        return Nd4j.vstack(parts);
    }
}
