package org.robustlab.plugins.encoders;

import org.robustlab.numerics.RowPasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Regularizer;
import org.robustlab.testkit.GradientCheck;

/**
 * The fused scratch path (HiddenLayerKernels, {@code forward(x, scratch)}, the buffered input gradient, the
 * training step with scratch) against central differences in float64 and against the plain ND4J path on random
 * inputs in float64 and float32, across batch-size changes and with scratch arrays holding garbage.
 */
class FusedHiddenLayerPathTest {
    private static final int[] LABELS = HiddenLayerGradientTest.LABELS;

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,none", "1.0,standardize", "4.5,standardize", "1.0,lp", "4.5,lp"})
    void bufferedInputGradientMatchesFiniteDifferences(double n, String preprocess) {
        HiddenLayerModel m = HiddenLayerGradientTest.model(n, preprocess, 1);
        INDArray x = HiddenLayerGradientTest.inputs(2);
        INDArray g = m.lossInputGradient(x, LABELS, Nd4j.create(DataType.DOUBLE, x.rows(), x.columns()).assign(Double.NaN));
        for (int row = 0; row < x.rows(); row++) {
            final int r = row;
            GradientCheck.assertGradient("buffered dCE/dx row " + row, () -> {
                INDArray xi = x.getRow(r, true);
                return HiddenLayerOps.crossEntropy(m.logits(xi), new int[]{LABELS[r]}).getDouble(0);
            }, x.getRow(row, true), g.getRow(row, true));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,lp", "2.0,standardize"})
    void bufferedRepresentationGradientMatchesFiniteDifferences(double n, String preprocess) {
        HiddenLayerModel m = HiddenLayerGradientTest.model(n, preprocess, 3);
        INDArray x = HiddenLayerGradientTest.inputs(4);
        INDArray target = Init.gaussian((int) x.rows(), HiddenLayerGradientTest.H, 1, new Random(5), DataType.DOUBLE);
        INDArray g = Nd4j.create(DataType.DOUBLE, x.rows(), x.columns());
        double[] distance = m.representationDistanceAndGradient(x, target, g);
        for (int row = 0; row < x.rows(); row++) {
            final int r = row;
            INDArray d = m.hidden(x.getRow(r, true)).sub(target.getRow(r, true));
            assertEquals(d.norm2Number().doubleValue(), distance[row], 1e-12);
            GradientCheck.assertGradient("buffered d 1/2|h-t|^2 /dx row " + row, () -> {
                INDArray e = m.hidden(x.getRow(r, true)).sub(target.getRow(r, true));
                return 0.5 * e.mul(e).sumNumber().doubleValue();
            }, x.getRow(row, true), g.getRow(row, true));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,none", "1.0,lp", "4.5,lp", "2.0,standardize"})
    void scratchStepMatchesFiniteDifferences(double n, String preprocess) {
        HiddenLayerModel m = HiddenLayerGradientTest.model(n, preprocess, 6);
        INDArray x = HiddenLayerGradientTest.inputs(7);
        List<Regularizer> regs = List.of(new HiddenLayerGradientTest.ProbePenalty());
        HiddenLayerModel.Scratch s = new HiddenLayerModel.Scratch();
        java.util.function.DoubleSupplier loss = () -> SupervisedStep.compute(m, m.forward(x, s), LABELS, regs, true, null, s).loss();
        SupervisedStep.Result r = SupervisedStep.compute(m, m.forward(x, s), LABELS, regs, true, null, s);
        INDArray dW = r.dW().dup();
        INDArray dA = r.dA().dup();
        INDArray db = r.db().dup();
        GradientCheck.assertGradient("dW", loss, m.w, dW);
        GradientCheck.assertGradient("dA", loss, m.a, dA);
        GradientCheck.assertGradient("db", loss, m.b, db);
    }

    /** Random model and data of a study-like aspect ratio, in the given type. */
    private static HiddenLayerModel randomModel(double n, String preprocess, DataType type, long seed) {
        Random rng = new Random(seed);
        int d = 96;
        int h = 80;
        INDArray w = Init.gaussian(h, d, 0.3, rng, type);
        INDArray a = Init.gaussian(10, h, 0.3, rng, type);
        INDArray b = Init.gaussian(1, 10, 0.1, rng, type);
        Preprocess pre = switch (preprocess) {
            case "standardize" -> Preprocess.standardize(new double[]{0.4, 0.5, 0.6}, new double[]{0.2, 0.3, 0.25});
            case "lp" -> Preprocess.lpNormalize(3);
            default -> Preprocess.none();
        };
        return new HiddenLayerModel("m", "test", w, a, b, n, pre);
    }

    private static int[] labels(int rows, long seed) {
        Random rng = new Random(seed);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rng.nextInt(10);
        }
        return y;
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double rel) {
        assertEquals(java.util.Arrays.toString(expected.shape()), java.util.Arrays.toString(actual.shape()), what);
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray diff = actual.castTo(DataType.DOUBLE).sub(e);
        double scale = Math.max(e.amaxNumber().doubleValue(), 1e-30);
        double err = diff.amaxNumber().doubleValue() / scale;
        assertTrue(err <= rel, what + ": max |fused − plain| / max |plain| = " + err + " > " + rel);
    }

    @ParameterizedTest
    @CsvSource({"1.0,none,DOUBLE", "4.5,lp,DOUBLE", "1.0,lp,DOUBLE", "2.0,standardize,DOUBLE",
            "1.0,none,FLOAT", "1.0,lp,FLOAT", "4.5,lp,FLOAT", "1.0,standardize,FLOAT"})
    void fusedPathEqualsPlainPathOnRandomInputs(double n, String preprocess, DataType type) {
        double rel = type == DataType.DOUBLE ? 1e-12 : 2e-5;
        HiddenLayerModel m = randomModel(n, preprocess, type, 11);
        HiddenLayerModel.Scratch s = new HiddenLayerModel.Scratch();
        INDArray out = null;
        // batch sizes change between calls (the minimal-ε search shrinks its batch every round); 64 comes back
        for (int rows : new int[]{64, 17, 64}) {
            INDArray x = Init.uniform(rows, 96, 0.5, new Random(rows), type).addi(0.5);
            int[] y = labels(rows, rows);
            HiddenLayerModel.Forward plain = m.forward(x);
            HiddenLayerModel.Forward fused = m.forward(x, s);
            assertClose("pre", plain.pre(), fused.pre(), rel);
            assertClose("h", plain.h(), fused.h(), rel);
            assertClose("hHat", plain.hHat(), fused.hHat(), rel);
            assertClose("logits", plain.logits(), fused.logits(), rel);
            out = RowPasses.like(out, type, rows, 96);
            out.assign(Double.NaN); // the buffer's old contents must not leak into the result
            assertClose("loss input gradient", m.lossInputGradient(x, y), m.lossInputGradient(x, y, out), rel);
            INDArray target = Init.gaussian(rows, 80, 1.0, new Random(rows + 1), type);
            INDArray repOut = RowPasses.like(null, type, rows, 96).assign(Double.NaN);
            double[] distance = m.representationDistanceAndGradient(x, target, repOut);
            assertClose("representation gradient", m.representationInputGradient(x, target), repOut, rel);
            INDArray plainDistance = m.hidden(x).castTo(DataType.DOUBLE).sub(target.castTo(DataType.DOUBLE)).norm2(1);
            assertClose("representation distance", plainDistance, Nd4j.createFromArray(distance), rel);
            List<Regularizer> regs = List.of(new HiddenLayerGradientTest.ProbePenalty());
            for (List<Regularizer> r : List.of(List.<Regularizer>of(), regs)) {
                SupervisedStep.Result p = SupervisedStep.compute(m, m.forward(x), y, r, true);
                s.dH = RowPasses.like(s.dH, type, rows, 80).assign(Double.NaN);
                SupervisedStep.Result f = SupervisedStep.compute(m, m.forward(x, s), y, r, true, m.w.ulike().assign(Double.NaN), s);
                assertClose("dW", p.dW(), f.dW(), rel);
                assertClose("dA", p.dA(), f.dA(), rel);
                assertClose("db", p.db(), f.db(), rel);
                assertEquals(p.loss(), f.loss(), Math.abs(p.loss()) * rel);
                assertEquals(p.correct(), f.correct());
                if (r.isEmpty()) { // the trainer's path without regularizers: ReLU in place for n = 1
                    SupervisedStep.Result g = SupervisedStep.compute(m, m.forward(x, s, false), y, r, true, m.w.ulike(), s);
                    assertClose("dW (ReLU in place)", p.dW(), g.dW(), rel);
                    assertClose("dA (ReLU in place)", p.dA(), g.dA(), rel);
                    assertEquals(p.loss(), g.loss(), Math.abs(p.loss()) * rel);
                }
            }
        }
    }

    @Test
    void kernelsMatchTheirPlainTwinsIncludingZerosAndNegativeInputs() {
        Random rng = new Random(3);
        INDArray h = Init.gaussian(40, 70, 1.0, rng, DataType.DOUBLE);
        h.putScalar(0, 0, 0.0);
        h.putScalar(1, 1, -0.0);
        for (double n : new double[]{1.0, 2.0, 4.5}) {
            INDArray out = h.ulike().assign(Double.NaN);
            HiddenLayerKernels.activate(h, n, out);
            assertClose("activate n=" + n, HiddenLayerOps.activate(h, n), out, 1e-15);
            INDArray d = Init.gaussian(40, 70, 1.0, rng, DataType.DOUBLE);
            INDArray expected = d.mul(HiddenLayerOps.activationDerivative(h, n));
            HiddenLayerKernels.multiplyActivationDerivative(d, h, HiddenLayerOps.activate(h, n), n);
            assertClose("derivative n=" + n, expected, d, 1e-14);
        }
        // an all-zero row takes the norm floor instead of dividing by zero
        INDArray x = Init.uniform(40, 70, 1.0, rng, DataType.DOUBLE);
        x.getRow(5).assign(0);
        for (double p : new double[]{2, 3, 4.5}) {
            Preprocess pre = Preprocess.lpNormalize(p);
            INDArray out = x.ulike();
            double[] norms = HiddenLayerKernels.lpNormalize(x, p, out);
            assertClose("lp normalise p=" + p, pre.apply(x), out, 1e-14);
            assertEquals(Preprocess.MIN_NORM, norms[5]);
            INDArray g = Init.gaussian(40, 70, 1.0, rng, DataType.DOUBLE);
            INDArray back = g.ulike();
            HiddenLayerKernels.lpBackward(g, x, p, norms, back);
            assertClose("lp backward p=" + p, pre.backward(g, x), back, 1e-13);
        }
    }
}
