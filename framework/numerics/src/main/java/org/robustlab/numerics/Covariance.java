package org.robustlab.numerics;

import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Sample covariance matrices (N − 1 in the denominator), symmetric by construction. Arguments are not modified. */
public final class Covariance {
    private Covariance() {
    }

    /** The {@link StepMemory} block of one chunk of {@link #ofRepresentation}. */
    private static final String CHUNK_MEMORY = "robustlab-covariance-chunk";

    /** The columns' mean subtracted from every row, as a new float64 array. */
    public static INDArray centred(INDArray rows) {
        INDArray r = rows.castTo(DataType.DOUBLE).dup();
        return r.subiRowVector(r.mean(0));
    }

    /** Covariance of the columns of {@code rows} (N × D → D × D), two-pass: centred first, then CᵀC / (N − 1). */
    public static INDArray ofRows(INDArray rows) {
        INDArray c = centred(rows);
        return Products.gram(c).divi(Math.max(1, c.rows() - 1)); // symmetric by construction (one triangle, mirrored)
    }

    /**
     * Covariance of {@code representation(inputs)} in float64, streamed over chunks of 1000 inputs (the representation
     * of a whole training set need not fit in memory): Σ h hᵀ and Σ h accumulated, then (G − N μ μᵀ) / (N − 1).
     */
    public static INDArray ofRepresentation(INDArray inputs, Function<INDArray, INDArray> representation) {
        int n = (int) inputs.rows();
        INDArray sum = null;
        INDArray gram = null;
        for (int from = 0; from < n; from += 1000) {
            int to = Math.min(n, from + 1000);
            // each chunk's representation and products in reused memory; the accumulators are copied out of it once
            try (StepMemory.Scope chunk = StepMemory.open(CHUNK_MEMORY)) {
                INDArray h = representation.apply(inputs.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())).castTo(DataType.DOUBLE);
                sum = sum == null ? h.sum(0).detach() : sum.addi(h.sum(0));
                // accumulated inside the BLAS call (β = 1) into an array kept outside the chunk's memory; the upper
                // triangle only (dsyrk: half a GEMM), mirrored once below
                boolean first = gram == null;
                gram = RowPasses.like(gram, DataType.DOUBLE, h.columns(), h.columns());
                Products.addGramUpper(h, gram, first ? 0.0 : 1.0);
            }
        }
        StepMemory.release(CHUNK_MEMORY);
        INDArray mean = sum.divi(n).reshape(1, sum.length());
        return Products.mirrorUpper(gram).subi(Products.transposedTimes(mean, mean).muli(n)).divi(n - 1);
    }
}
