package org.robustlab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.core.params.Params;
import org.robustlab.testkit.GradientCheck;

class JacobianRegularizerTest {
    static final int B = 6;
    static final int H = 9;
    static final int D = 7;

    final INDArray w = Nd4j.randn(11L, new long[]{H, D}).castTo(DataType.DOUBLE).muli(0.6);
    final INDArray x = Nd4j.rand(DataType.DOUBLE, B, D);

    static JacobianRegularizer reg(Map<String, Object> args) {
        JacobianRegularizer r = new JacobianRegularizer();
        Params.bind(r, "jacobian", args, null);
        return r;
    }

    static INDArray act(INDArray h, double n) {
        INDArray r = Transforms.relu(h, true);
        return n == 1 ? r : Transforms.pow(r, n, false);
    }

    private double penalty(JacobianRegularizer r, double n, INDArray dW, long seed) {
        r.rng = new Random(seed);
        INDArray h = x.mmul(w.transpose());
        return r.penalty(new HiddenBatch(x, w, h, act(h, n), n),
                new HiddenGradients(dW == null ? w.ulike().assign(0) : dW, h.ulike().assign(0), true));
    }

    @ParameterizedTest
    @CsvSource({"1.0", "2.0", "4.5"})
    void exactValueMatchesAFiniteDifferenceJacobian(double n) {
        double sum = 0;
        double step = 1e-6;
        for (int b = 0; b < B; b++) {
            INDArray xb = x.getRow(b, true).dup();
            for (int j = 0; j < D; j++) {
                double o = xb.getDouble(0, j);
                xb.putScalar(0, j, o + step);
                INDArray plus = act(xb.mmul(w.transpose()), n);
                xb.putScalar(0, j, o - step);
                INDArray minus = act(xb.mmul(w.transpose()), n);
                xb.putScalar(0, j, o);
                INDArray col = plus.sub(minus).divi(2 * step);
                sum += col.mul(col).sumNumber().doubleValue();
            }
        }
        double expected = 0.5 * 0.3 * sum / B;
        double actual = penalty(reg(Map.of("lambda", 0.3, "exact", true)), n, null, 0);
        assertEquals(expected, actual, 1e-6 * expected);
    }

    @ParameterizedTest
    @CsvSource({"1.0,true", "2.0,true", "4.5,true", "1.0,false", "4.5,false"})
    void gradientMatchesCentralDifferences(double n, boolean exact) {
        JacobianRegularizer r = reg(Map.of("lambda", 0.3, "exact", exact, "projections", 2));
        INDArray dW = w.ulike().assign(0);
        penalty(r, n, dW, 5);
        GradientCheck.assertGradient("jacobian dW (exact " + exact + ", n " + n + ")", () -> penalty(r, n, null, 5), w, dW);
    }

    /**
     * With the encoder's ∂h accumulator the terms through σ'' go there: ∂W + (∂h)ᵀx equals the ∂W of
     * the fallback (checked against central differences above), for both the exact form and the estimator.
     */
    @ParameterizedTest
    @CsvSource({"4.5,true", "4.5,false", "1.0,true"})
    void gradientThroughTheEncodersHAccumulatorEqualsTheFallback(double n, boolean exact) {
        JacobianRegularizer r = reg(Map.of("lambda", 0.3, "exact", exact, "projections", 2));
        INDArray fallback = w.ulike().assign(0);
        double v1 = penalty(r, n, fallback, 5);
        r.rng = new Random(5);
        INDArray h = x.mmul(w.transpose());
        INDArray dW = w.ulike().assign(0);
        INDArray dH = h.ulike().assign(0);
        double v2 = r.penalty(new HiddenBatch(x, w, h, act(h, n), n), new HiddenGradients(dW, h.ulike().assign(0), true, dH));
        assertEquals(v1, v2, 0);
        assertEquals(n != 1, dH.amaxNumber().doubleValue() > 0, "σ'' terms go to ∂h (none for plain ReLU)");
        assertTrue(dW.add(dH.transpose().mmul(x)).equalsWithEps(fallback, 1e-12));
    }

    /**
     * Plain ReLU, shapes where the Gram route (M = Σ aᵀa, then M W) is cheaper than two GEMMs per
     * projection, as at B 1000, H 2000, D 3072: same value and ∂W as the general path on the same
     * draws, and ∂W matches central differences.
     */
    @org.junit.jupiter.api.Test
    void gramRouteForPlainReluEqualsTheGeneralPath() {
        int b = 30;
        int h = 5;
        int d = 40;
        INDArray wl = Nd4j.randn(12L, new long[]{h, d}).castTo(DataType.DOUBLE).muli(0.4);
        INDArray xl = Nd4j.rand(DataType.DOUBLE, b, d).subi(0.3);
        JacobianRegularizer gram = reg(Map.of("lambda", 0.3, "projections", 3));
        JacobianRegularizer general = reg(Map.of("lambda", 0.3, "projections", 3));
        general.gramRoute = false;
        assertTrue(gram.gramIsCheaper(b, h, d) && gram.gramIsCheaper(1000, 2000, 3072) && !general.gramIsCheaper(b, h, d));
        java.util.function.BiFunction<JacobianRegularizer, INDArray, Double> run = (r, dW) -> {
            r.rng = new Random(8);
            INDArray hl = xl.mmul(wl.transpose());
            return r.penalty(new HiddenBatch(xl, wl, hl, act(hl, 1), 1), new HiddenGradients(dW, hl.ulike().assign(0), true));
        };
        INDArray dWGram = wl.ulike().assign(0);
        INDArray dWGeneral = wl.ulike().assign(0);
        double vGram = run.apply(gram, dWGram);
        double vGeneral = run.apply(general, dWGeneral);
        assertEquals(vGeneral, vGram, 1e-12 * vGeneral);
        assertTrue(vGram > 0);
        assertTrue(dWGram.equalsWithEps(dWGeneral, 1e-12 * dWGeneral.amaxNumber().doubleValue()));
        GradientCheck.assertGradient("jacobian dW (Gram route)", () -> run.apply(gram, wl.ulike().assign(0)), wl, dWGram);
    }

    @ParameterizedTest
    @CsvSource({"1.0", "4.5"})
    void estimatorAgreesWithExactWithinFivePercentOver200Draws(double n) {
        double exact = penalty(reg(Map.of("exact", true)), n, null, 0);
        JacobianRegularizer est = reg(Map.of("projections", 3));
        double mean = 0;
        for (int draw = 0; draw < 200; draw++) {
            mean += penalty(est, n, null, 1000 + draw) / 200;
        }
        assertTrue(Math.abs(mean - exact) <= 0.05 * exact, "estimator mean " + mean + " vs exact " + exact);
    }

    /**
     * The projection vectors: unit rows in the requested precision, the same draws for the same seed,
     * other draws for another, isotropic on average (E v_i² = 1/H), and ND4J's global generator untouched.
     */
    @org.junit.jupiter.api.Test
    void projectionVectorsAreSeededUnitRowsAndLeaveTheGlobalGeneratorAlone() {
        JacobianRegularizer r = reg(Map.of());
        Nd4j.getRandom().setSeed(77);
        double globalBefore = Nd4j.getRandom().nextDouble();
        Nd4j.getRandom().setSeed(77);
        for (DataType t : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            r.rng = new Random(3);
            INDArray v = r.unitRows(400, 50, t);
            assertEquals(t, v.dataType());
            INDArray norms = v.norm2(1).castTo(DataType.DOUBLE);
            assertTrue(norms.sub(1).amaxNumber().doubleValue() < (t == DataType.FLOAT ? 1e-6 : 1e-14), "unit rows");
            double meanSquare = v.castTo(DataType.DOUBLE).mul(v.castTo(DataType.DOUBLE)).sum(0).divi(400).amaxNumber().doubleValue();
            assertTrue(meanSquare < 1.5 / 50, "no direction preferred: max_i mean v_i^2 = " + meanSquare);
            r.rng = new Random(3);
            assertEquals(v, r.unitRows(400, 50, t), "same seed, same draws");
            assertTrue(!v.equalsWithEps(r.unitRows(400, 50, t), 1e-3), "next draw differs");
        }
        assertEquals(globalBefore, Nd4j.getRandom().nextDouble(), 0.0);
    }

    @ParameterizedTest
    @CsvSource({"1.0"})
    void preActivationTargetIsWeightDecay(double n) {
        JacobianRegularizer r = reg(Map.of("lambda", 0.2, "on", "pre"));
        INDArray dW = w.ulike().assign(0);
        double v = penalty(r, n, dW, 0);
        double f = w.norm2Number().doubleValue();
        assertEquals(0.1 * f * f, v, 1e-12);
        assertTrue(dW.equalsWithEps(w.mul(0.2), 1e-12));
    }
}
