package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.DifferentiableModel;

/** The fused inversion (one gradient call and one pass per step) against the plain ND4J loop it replaced. */
class RepresentationInversionTest {
    /** ĥ = ReLU(x Wᵀ), float64, with the plain API only (the default distance-and-gradient). */
    record ReluLayer(INDArray w) implements DifferentiableModel {
        @Override
        public String name() {
            return "relu";
        }

        @Override
        public int inputSize() {
            return (int) w.columns();
        }

        @Override
        public int hiddenSize() {
            return (int) w.rows();
        }

        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public INDArray logits(INDArray x) {
            return hidden(x).get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)).dup();
        }

        @Override
        public INDArray hidden(INDArray x) {
            return Transforms.relu(x.castTo(DataType.DOUBLE).mmul(w.transpose()), false);
        }

        @Override
        public INDArray lossInputGradient(INDArray x, int[] labels) {
            throw new UnsupportedOperationException();
        }

        @Override
        public INDArray representationInputGradient(INDArray x, INDArray target) {
            INDArray h = x.castTo(DataType.DOUBLE).mmul(w.transpose());
            INDArray d = Transforms.relu(h, true).subi(target.castTo(DataType.DOUBLE)).muli(h.gt(0).castTo(DataType.DOUBLE));
            return d.mmul(w);
        }

        @Override
        public INDArray jacobianFrobeniusNorm(INDArray x) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void fusedInversionEqualsThePlainLoop() {
        ReluLayer model = new ReluLayer(Nd4j.randn(7L, new long[]{30, 48}).castTo(DataType.DOUBLE).muli(0.3));
        INDArray images = Nd4j.rand(8L, new long[]{20, 48}).castTo(DataType.DOUBLE);
        INDArray targets = model.hidden(images);
        INDArray seeds = Nd4j.rand(9L, new long[]{20, 48}).castTo(DataType.DOUBLE);
        for (int steps : new int[]{1, 7, 40}) {
            RepresentationInversion.Result plain = RepresentationInversion.invertPlain(model, targets, seeds, steps, 0.05);
            RepresentationInversion.Result fused = RepresentationInversion.invert(model, targets, seeds, steps, 0.05, null);
            assertArrayEquals(plain.initialLoss(), fused.initialLoss(), 1e-12, "initial, steps " + steps);
            assertArrayEquals(plain.finalLoss(), fused.finalLoss(), 1e-10, "final, steps " + steps);
            assertArrayEquals(plain.medianCurve(), fused.medianCurve(), 1e-10, "curve, steps " + steps);
            double diff = plain.inverted().sub(fused.inverted()).amaxNumber().doubleValue();
            assertTrue(diff < 1e-10, "best iterates differ by " + diff + ", steps " + steps);
        }
        RepresentationInversion.Result r = RepresentationInversion.invert(model, targets, seeds, 40, 0.05, null);
        assertTrue(org.robustlab.api.Quantiles.median(r.finalLoss()) < 0.8 * org.robustlab.api.Quantiles.median(r.initialLoss()),
                "the inversion makes progress");
    }
}
