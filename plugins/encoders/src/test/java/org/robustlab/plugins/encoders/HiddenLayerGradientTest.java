package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Regularizer;
import org.robustlab.testkit.GradientCheck;

/** Every hand-written gradient of the hidden-layer family against central differences in float64. */
class HiddenLayerGradientTest {
    static final int D = 12;
    static final int H = 7;
    static final int C = 4;
    static final int B = 5;

    static HiddenLayerModel model(double n, boolean standardize, long seed) {
        return model(n, standardize ? "standardize" : "none", seed);
    }

    static HiddenLayerModel model(double n, String preprocess, long seed) {
        Random rng = new Random(seed);
        INDArray w = Init.gaussian(H, D, 0.7, rng, DataType.DOUBLE);
        INDArray a = Init.gaussian(C, H, 0.5, rng, DataType.DOUBLE);
        INDArray b = Init.gaussian(1, C, 0.1, rng, DataType.DOUBLE);
        Preprocess pre = switch (preprocess) {
            case "standardize" -> Preprocess.standardize(new double[]{0.4, 0.5, 0.6}, new double[]{0.2, 0.3, 0.25});
            case "lp" -> Preprocess.lpNormalize(3);
            default -> Preprocess.none();
        };
        return new HiddenLayerModel("m", "test", w, a, b, n, pre);
    }

    static INDArray inputs(long seed) {
        return Init.uniform(B, D, 0.5, new Random(seed), DataType.DOUBLE).addi(0.5);
    }

    static final int[] LABELS = {0, 3, 1, 2, 3};

    private static double ce(HiddenLayerModel m, INDArray x, int row) {
        INDArray xi = x.get(NDArrayIndex.interval(row, row + 1), NDArrayIndex.all());
        return HiddenLayerOps.crossEntropy(m.logits(xi), new int[]{LABELS[row]}).getDouble(0);
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "2.0,none", "4.5,none", "1.0,standardize", "4.5,standardize", "1.0,lp", "4.5,lp"})
    void lossInputGradient(double n, String preprocess) {
        HiddenLayerModel m = model(n, preprocess, 1);
        INDArray x = inputs(2);
        INDArray g = m.lossInputGradient(x, LABELS);
        for (int row = 0; row < B; row++) {
            final int r = row;
            INDArray xi = x.getRow(row, true);
            INDArray gi = g.getRow(row, true);
            GradientCheck.assertGradient("dCE/dx row " + row, () -> ce(m, x, r), xi, gi);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,standardize", "4.5,lp"})
    void representationInputGradient(double n, String preprocess) {
        HiddenLayerModel m = model(n, preprocess, 3);
        INDArray x = inputs(4);
        INDArray target = Init.gaussian(B, H, 1, new Random(5), DataType.DOUBLE);
        INDArray g = m.representationInputGradient(x, target);
        for (int row = 0; row < B; row++) {
            final int r = row;
            GradientCheck.assertGradient("d 1/2|h-t|^2 /dx row " + row, () -> {
                INDArray d = m.hidden(x.getRow(r, true)).sub(target.getRow(r, true));
                return 0.5 * d.mul(d).sumNumber().doubleValue();
            }, x.getRow(row, true), g.getRow(row, true));
        }
    }

    /** A penalty touching all three accumulators: μ Σ ĥ² / B + ρ Σ h² / B + ν ‖W‖². */
    static final class ProbePenalty implements Regularizer {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public double penalty(HiddenBatch batch, HiddenGradients g) {
            double mu = 0.3;
            double nu = 0.05;
            double rho = 0.02;
            g.dHhat().addi(batch.hHat().mul(2 * mu / batch.batchSize()));
            g.dH().addi(batch.h().mul(2 * rho / batch.batchSize()));
            g.dW().addi(batch.w().mul(2 * nu));
            double w2 = batch.w().norm2Number().doubleValue();
            return mu * batch.hHat().mul(batch.hHat()).sumNumber().doubleValue() / batch.batchSize()
                    + rho * batch.h().mul(batch.h()).sumNumber().doubleValue() / batch.batchSize() + nu * w2 * w2;
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0,false", "2.0,true", "4.5,false"})
    void parameterGradientsWithPenalty(double n, boolean standardize) {
        HiddenLayerModel m = model(n, standardize, 6);
        INDArray x = inputs(7);
        List<Regularizer> regs = List.of(new ProbePenalty());
        SupervisedStep.Result r = SupervisedStep.compute(m, x, LABELS, regs, true);
        GradientCheck.assertGradient("dW", () -> SupervisedStep.compute(m, x, LABELS, regs, true).loss(), m.w, r.dW());
        GradientCheck.assertGradient("dA", () -> SupervisedStep.compute(m, x, LABELS, regs, true).loss(), m.a, r.dA());
        GradientCheck.assertGradient("db", () -> SupervisedStep.compute(m, x, LABELS, regs, true).loss(), m.b, r.db());
    }

    /**
     * The trainer's reused ∂W buffer: whatever it holds (here NaN from a "previous batch") is
     * overwritten, with and without a penalty that adds into ∂W before the backward GEMM, and the
     * result equals the step without a buffer.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void reusedGradientBufferGivesTheSameStep(boolean withPenalty) {
        HiddenLayerModel m = model(1.0, false, 6);
        INDArray x = inputs(7);
        List<Regularizer> regs = withPenalty ? List.of(new ProbePenalty()) : List.of();
        SupervisedStep.Result fresh = SupervisedStep.compute(m, x, LABELS, regs, true);
        INDArray dirty = m.w.ulike().assign(Double.NaN);
        SupervisedStep.Result reused = SupervisedStep.compute(m, m.forward(x), LABELS, regs, true, dirty);
        org.junit.jupiter.api.Assertions.assertSame(dirty, reused.dW());
        assertEquals(fresh.dW(), reused.dW());
        assertEquals(fresh.loss(), reused.loss(), 0);
        org.junit.jupiter.api.Assertions.assertTrue(fresh.dW().amaxNumber().doubleValue() > 0);
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,none", "4.5,standardize", "1.0,standardize", "1.0,lp", "4.5,lp"})
    void jacobianNormMatchesFiniteDifferenceJacobian(double n, String preprocess) {
        HiddenLayerModel m = model(n, preprocess, 8);
        INDArray x = inputs(9);
        INDArray norms = m.jacobianFrobeniusNorm(x);
        double h = 1e-6;
        for (int row = 0; row < B; row++) {
            INDArray xi = x.getRow(row, true).dup();
            double sum = 0;
            for (int j = 0; j < D; j++) {
                double orig = xi.getDouble(0, j);
                xi.putScalar(0, j, orig + h);
                INDArray plus = m.hidden(xi);
                xi.putScalar(0, j, orig - h);
                INDArray minus = m.hidden(xi);
                xi.putScalar(0, j, orig);
                INDArray col = plus.sub(minus).divi(2 * h);
                sum += col.mul(col).sumNumber().doubleValue();
            }
            double fd = Math.sqrt(sum);
            assertEquals(fd, norms.getDouble(row), 1e-6 * Math.max(1, fd), "row " + row);
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0", "4.5"})
    void jacobianClosedFormOfMethodsDoc(double n) {
        // docs/methods.md §3: ‖J‖_F² = n² Σ_{h_i>0} h_i^(2n−2) ‖w_i‖² (no preprocessing)
        HiddenLayerModel m = model(n, false, 10);
        INDArray x = inputs(11);
        INDArray h = x.mmul(m.w.transpose());
        for (int row = 0; row < B; row++) {
            double s = 0;
            for (int i = 0; i < H; i++) {
                double hi = h.getDouble(row, i);
                if (hi > 0) {
                    double wn = m.w.getRow(i).norm2Number().doubleValue();
                    s += n * n * Math.pow(hi, 2 * n - 2) * wn * wn;
                }
            }
            assertEquals(Math.sqrt(s), m.jacobianFrobeniusNorm(x).getDouble(row), 1e-12 * Math.max(1, Math.sqrt(s)));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.0", "4.5"})
    void softmaxAndCrossEntropyAgree(double unused) {
        INDArray logits = Nd4j.createFromArray(new double[][]{{1, 2, 3}, {1000, 0, -1000}});
        INDArray ce = HiddenLayerOps.crossEntropy(logits, new int[]{2, 0});
        // numpy: -np.log(np.exp(3)/np.exp([1,2,3]).sum()) = 0.40760596444438
        assertEquals(0.40760596444438, ce.getDouble(0), 1e-12);
        assertEquals(0.0, ce.getDouble(1), 1e-12);
        assertEquals(1.0, HiddenLayerOps.softmax(logits).sum(1).getDouble(1), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"4.5,lp", "1.0,standardize", "2.0,none"})
    void onPreprocessedInputIsTheSameModelAsAFunctionOfXHat(double n, String preprocess) {
        HiddenLayerModel m = model(n, preprocess, 8);
        INDArray x = inputs(9);
        INDArray xHat = m.preprocess(x);
        org.robustlab.api.DifferentiableModel onXHat = m.onPreprocessedInput();
        assertTrue(onXHat.logits(xHat).equalsWithEps(m.logits(x), 1e-12), "logits(x) = onPreprocessedInput().logits(x̂)");
        assertTrue(onXHat.hidden(xHat).equalsWithEps(m.hidden(x), 1e-12));
        if (!preprocess.equals("none")) {
            assertTrue(!xHat.equalsWithEps(x, 1e-6), "x̂ differs from x");
        }
        // the gradient is with respect to x̂: central differences in x̂
        INDArray g = onXHat.lossInputGradient(xHat, LABELS);
        for (int row = 0; row < B; row++) {
            final int r = row;
            GradientCheck.assertGradient("dCE/dx̂ row " + row, () -> HiddenLayerOps.crossEntropy(
                    onXHat.logits(xHat.getRow(r, true)), new int[]{LABELS[r]}).getDouble(0), xHat.getRow(row, true), g.getRow(row, true));
        }
        assertTrue(m.preprocess(x) != x && x.equals(inputs(9)), "preprocess returns a new array and leaves x alone");
    }

    /** A model with a BatchNorm whose running statistics, γ and β are not the identity. */
    static HiddenLayerModel withBatchNorm(double n, String preprocess, long seed) {
        HiddenLayerModel m = model(n, preprocess, seed);
        Random rng = new Random(seed + 1);
        m.bn = new BatchNorm(Init.uniform(1, H, 0.5, rng, DataType.DOUBLE).addi(1), Init.uniform(1, H, 0.3, rng, DataType.DOUBLE),
                Init.uniform(1, H, 0.5, rng, DataType.DOUBLE), Init.uniform(1, H, 0.4, rng, DataType.DOUBLE).addi(1));
        return m;
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "2.0,lp", "4.5,standardize"})
    void batchNormTrainingGradientsThroughTheBatchStatistics(double n, String preprocess) {
        HiddenLayerModel m = withBatchNorm(n, preprocess, 12);
        INDArray x = inputs(13);
        List<Regularizer> regs = List.of(new ProbePenalty());
        SupervisedStep.Result r = SupervisedStep.compute(m, x, LABELS, regs, true);
        java.util.function.DoubleSupplier loss = () -> SupervisedStep.compute(m, x, LABELS, regs, true).loss();
        GradientCheck.assertGradient("dW (bn)", loss, m.w, r.dW());
        GradientCheck.assertGradient("dA (bn)", loss, m.a, r.dA());
        GradientCheck.assertGradient("db (bn)", loss, m.b, r.db());
        GradientCheck.assertGradient("dGamma", loss, m.bn.gamma, r.dGamma());
        GradientCheck.assertGradient("dBeta", loss, m.bn.beta, r.dBeta());
        INDArray meanBefore = m.bn.runningMean.dup();
        SupervisedStep.compute(m, x, LABELS, regs, true);
        assertEquals(meanBefore, m.bn.runningMean, "a step computes; the trainer updates the running statistics");
    }

    @ParameterizedTest
    @CsvSource({"1.0,none", "4.5,lp"})
    void batchNormEvaluationKeepsInputGradientsAndJacobianExact(double n, String preprocess) {
        HiddenLayerModel m = withBatchNorm(n, preprocess, 14);
        INDArray x = inputs(15);
        INDArray g = m.lossInputGradient(x, LABELS);
        for (int row = 0; row < B; row++) {
            final int r = row;
            GradientCheck.assertGradient("dCE/dx (bn) row " + row, () -> ce(m, x, r), x.getRow(row, true), g.getRow(row, true));
        }
        // the Jacobian of ĥ does not see the BatchNorm after it
        assertTrue(m.jacobianFrobeniusNorm(x).equalsWithEps(model(n, preprocess, 14).jacobianFrobeniusNorm(x), 1e-12));
        // evaluation uses the running statistics: z = (ĥ − μ)/sqrt(σ² + ε)·γ + β
        INDArray hHat = m.hidden(x);
        INDArray z = hHat.subRowVector(m.bn.runningMean).diviRowVector(
                org.nd4j.linalg.ops.transforms.Transforms.sqrt(m.bn.runningVar.add(1e-5), true)).muliRowVector(m.bn.gamma)
                .addiRowVector(m.bn.beta);
        assertTrue(m.logits(x).equalsWithEps(z.mmul(m.a.transpose()).addiRowVector(m.b), 1e-12));
        HiddenLayerModel back = HiddenLayerModel.fromSaved("m", "test", m.export());
        assertEquals(m.logits(x), back.logits(x), "export and restore keep the BatchNorm");
    }
}
