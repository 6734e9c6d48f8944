package org.robustlab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.core.params.Params;
import org.robustlab.testkit.GradientCheck;

class L2RegularizerTest {
    private static double penalty(L2Regularizer r, INDArray w) {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 4);
        INDArray h = x.mmul(w.transpose());
        return r.penalty(new HiddenBatch(x, w, h, h, 1), new HiddenGradients(w.ulike().assign(0), h.ulike(), true));
    }

    @Test
    void valueAndGradient() {
        L2Regularizer r = new L2Regularizer();
        Params.bind(r, "l2", java.util.Map.of(), 0.5);
        INDArray w = Nd4j.createFromArray(new double[][]{{1, -2, 0, 3}, {0.5, 0, 0, -1}});
        // λ‖W‖² = 0.5 · (1 + 4 + 9 + 0.25 + 1) = 7.625
        assertEquals(7.625, penalty(r, w), 1e-12);
        INDArray dW = w.ulike().assign(0);
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 4);
        r.penalty(new HiddenBatch(x, w, x.mmul(w.transpose()), x.mmul(w.transpose()), 1), new HiddenGradients(dW, Nd4j.create(DataType.DOUBLE, 2, 2), true));
        GradientCheck.assertGradient("d l2/dW", () -> penalty(r, w), w, dW);
    }

    @Test
    void frozenWeightsContributeNothing() {
        L2Regularizer r = new L2Regularizer();
        INDArray w = Nd4j.ones(DataType.DOUBLE, 2, 3);
        INDArray dW = w.ulike().assign(0);
        INDArray x = Nd4j.create(DataType.DOUBLE, 1, 3);
        assertEquals(0.0, r.penalty(new HiddenBatch(x, w, x.mmul(w.transpose()), x.mmul(w.transpose()), 1),
                new HiddenGradients(dW, Nd4j.create(DataType.DOUBLE, 1, 2), false)));
        assertEquals(0.0, dW.sumNumber().doubleValue());
    }

    private static double penaltyAll(L2Regularizer r, INDArray w, INDArray a, INDArray b, INDArray dW, INDArray dA, INDArray db) {
        INDArray x = Nd4j.create(DataType.DOUBLE, 2, 4);
        INDArray h = x.mmul(w.transpose());
        return r.penalty(new HiddenBatch(x, w, h, h, 1, a, b), new HiddenGradients(dW, h.ulike(), true, null, dA, db));
    }

    @Test
    void onAllPenalisesEveryParameterWithExactGradients() {
        L2Regularizer r = new L2Regularizer();
        Params.bind(r, "l2", java.util.Map.of("on", "all"), 5e-4);
        INDArray w = Nd4j.createFromArray(new double[][]{{1, -2, 0, 3}, {0.5, 0, 0, -1}});
        INDArray a = Nd4j.createFromArray(new double[][]{{2, -1}, {0, 4}, {1, 1}});
        INDArray b = Nd4j.createFromArray(new double[][]{{0.5, -3, 2}});
        // 5e-4 · (‖W‖² 15.25 + ‖A‖² 23 + ‖b‖² 13.25) = 5e-4 · 51.5
        assertEquals(5e-4 * 51.5, penaltyAll(r, w, a, b, w.ulike().assign(0), a.ulike().assign(0), Nd4j.zeros(DataType.DOUBLE, 3)),
                1e-15);
        INDArray dW = w.ulike().assign(0);
        INDArray dA = a.ulike().assign(0);
        INDArray db = Nd4j.zeros(DataType.DOUBLE, 3); // the encoder's db has the rank-1 shape of dLogits.sum(0)
        penaltyAll(r, w, a, b, dW, dA, db);
        java.util.function.DoubleSupplier f = () -> penaltyAll(r, w, a, b, w.ulike().assign(0), a.ulike().assign(0),
                Nd4j.zeros(DataType.DOUBLE, 3));
        GradientCheck.assertGradient("d l2(all)/dW", f, w, dW);
        GradientCheck.assertGradient("d l2(all)/dA", f, a, dA);
        GradientCheck.assertGradient("d l2(all)/db", f, b, db.reshape(1, 3));
        // the default touches only W
        L2Regularizer onW = new L2Regularizer();
        Params.bind(onW, "l2", java.util.Map.of(), 5e-4);
        INDArray dA2 = a.ulike().assign(0);
        assertEquals(5e-4 * 15.25, penaltyAll(onW, w, a, b, w.ulike().assign(0), dA2, Nd4j.zeros(DataType.DOUBLE, 3)), 1e-15);
        assertEquals(0.0, dA2.sumNumber().doubleValue());
    }
}
