package org.robustlab.plugins.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.core.params.Params;
import org.robustlab.testkit.GradientCheck;

class SpectralRegularizerTest {
    static SpectralRegularizer reg(Map<String, Object> args) {
        SpectralRegularizer r = new SpectralRegularizer();
        Params.bind(r, "spectral", args, null);
        return r;
    }

    /** Columns 1..h of the 16×16 Sylvester–Hadamard matrix: orthogonal, zero-mean, squared norm 16. */
    static INDArray walsh(int h) {
        INDArray m = Nd4j.create(DataType.DOUBLE, 16, h);
        for (int i = 0; i < 16; i++) {
            for (int j = 1; j <= h; j++) {
                m.putScalar(i, j - 1, Integer.bitCount(i & j) % 2 == 0 ? 1 : -1);
            }
        }
        return m;
    }

    /** The spectrum c/(n+1), n = 0 … h − 1. */
    static double[] powerLaw(double c, int h) {
        double[] l = new double[h];
        for (int i = 0; i < h; i++) {
            l[i] = c / (i + 1);
        }
        return l;
    }

    /** A batch whose covariance is exactly diag(lambda). */
    static INDArray batchWithSpectrum(double[] lambda) {
        INDArray m = walsh(lambda.length);
        for (int j = 0; j < lambda.length; j++) {
            m.getColumn(j).muli(Math.sqrt(lambda[j] * 15 / 16));
        }
        return m.addi(0.7); // an offset the centring must remove
    }

    /**
     * The eigenvectors come back orthonormal and sorted (the kernels the tests run with), and a
     * decomposition whose eigenvectors are not orthonormal (what OpenBLAS's AVX-512 kernels return)
     * is refused with the setting that fixes it.
     */
    @Test
    void eigenvectorsAreCheckedForOrthonormality() {
        INDArray g = Nd4j.rand(DataType.DOUBLE, 300, 60);
        INDArray cov = g.transpose().mmul(g).divi(300);
        INDArray v = SpectralRegularizer.eigenvectors(cov);
        INDArray lambda = v.mul(cov.mmul(v)).sum(0).reshape(1, 60);        // v_nᵀ C v_n
        double residual = cov.mmul(v).sub(v.mulRowVector(lambda)).amaxNumber().doubleValue();
        assertTrue(residual < 1e-9, "C v = λ v: " + residual);
        INDArray broken = v.dup();
        broken.getColumn(3).addi(broken.getColumn(4).mul(0.01));
        var e = org.junit.jupiter.api.Assertions.assertThrows(org.robustlab.api.RobustlabException.class,
                () -> SpectralRegularizer.checkOrthonormal(broken));
        assertTrue(e.getMessage().contains("OPENBLAS_CORETYPE=Haswell"), e.getMessage());
    }

    @Test
    void exactPowerLawCostsNothingAndExcessCostsMore() {
        SpectralRegularizer r = reg(Map.of("tau", 2));
        r.eigenvectors = Nd4j.eye(8).castTo(DataType.DOUBLE);
        double[] lambda = new double[8];
        for (int i = 0; i < 8; i++) {
            lambda[i] = 3.0 / (i + 1);
        }
        assertEquals(0, r.penalty(batchWithSpectrum(lambda), null, Double.NaN), 1e-12);
        lambda[5] *= 1.1; // still between its neighbours; ratio 1.1: (0.1)^2 + relu(0.1) = 0.11, over H = 8
        assertEquals(0.11 / 8, r.penalty(batchWithSpectrum(lambda), null, Double.NaN), 1e-12);
        lambda[5] = 0.9 * 3.0 / 6; // ratio 0.9: (-0.1)^2 = 0.01, no relu term
        assertEquals(0.01 / 8, r.penalty(batchWithSpectrum(lambda), null, Double.NaN), 1e-12);
    }

    @Test
    void gradientWithTheAnchorHeldFixed() {
        SpectralRegularizer r = reg(Map.of("tau", 1, "beta", 0.7));
        INDArray h = Nd4j.rand(DataType.DOUBLE, 20, 6).muli(Nd4j.createFromArray(3.0, 2.0, 1.5, 1.0, 0.5, 0.2).reshape(1, 6));
        r.eigenvectors = SpectralRegularizer.eigenvectors(SpectralRegularizer.covariance(h, x -> x));
        INDArray grad = h.ulike().assign(0);
        double anchorFree = r.penalty(h, grad, Double.NaN);
        // recover the anchor used, then hold it fixed for the finite differences
        INDArray hc = h.subRowVector(h.mean(0));
        INDArray p = hc.mmul(r.eigenvectors);
        double[] lam = p.mul(p).sum(0).divi(19).toDoubleVector();
        double[] sorted = lam.clone();
        java.util.Arrays.sort(sorted);
        double anchor = sorted[sorted.length - 2] * 2;
        assertEquals(anchorFree, r.penalty(h, null, anchor), 1e-12);
        GradientCheck.assertGradient("spectral d/dH", () -> r.penalty(h, null, anchor), h, grad);
        assertTrue(grad.amaxNumber().doubleValue() > 0);
    }

    /**
     * anchor 'epoch' takes β* from the training-set eigenvalues: a batch whose spectrum is the
     * training power law scaled by 2 costs nothing with the batch anchor (it is still 1/n) but
     * ratio 2 at every penalised rank with the epoch anchor: (2 − 1)² + relu(2 − 1) = 2 each.
     */
    @Test
    void epochAnchorComesFromTheTrainingSet() {
        double[] lambda = powerLaw(3.0, 8);
        double[] doubled = powerLaw(6.0, 8);
        SpectralRegularizer batch = reg(Map.of("tau", 2));
        SpectralRegularizer epoch = reg(Map.of("tau", 2, "anchor", "epoch"));
        for (SpectralRegularizer r : new SpectralRegularizer[]{batch, epoch}) {
            r.beforeEpoch(0, batchWithSpectrum(lambda), x -> x, null);
            for (int i = 0; i < 8; i++) {
                assertEquals(lambda[i], r.eigenvalues[i], 1e-10, "training-set eigenvalue " + i);
            }
        }
        assertEquals(0, batch.penalty(batchWithSpectrum(doubled), null, Double.NaN), 1e-10);
        double anchor = epoch.eigenvalues[2] * 3;
        assertEquals(2.0 * 5 / 8, epoch.penalty(batchWithSpectrum(doubled), null, anchor), 1e-10);
    }

    /**
     * anchor 'unit' (the seed code's SpecReg) targets 1/(n+1)^α in absolute units from rank τ on: the spectrum 1/n costs
     * nothing, the same shape scaled by 2 costs (2 − 1)² + relu(2 − 1) = 2 at each of the H − τ penalised ranks (the
     * batch anchor, which only sees the shape, charges nothing for it), and the gradient matches central differences.
     */
    @Test
    void unitTargetPinsTheScaleAndItsGradientIsExact() {
        double[] lambda = powerLaw(1.0, 8);
        double[] doubled = powerLaw(2.0, 8);
        SpectralRegularizer unit = reg(Map.of("tau", 2, "anchor", "unit"));
        SpectralRegularizer batch = reg(Map.of("tau", 2));
        for (SpectralRegularizer r : new SpectralRegularizer[]{unit, batch}) {
            r.eigenvectors = Nd4j.eye(8).castTo(DataType.DOUBLE);
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 16, 8);
        INDArray w = Nd4j.eye(8).castTo(DataType.DOUBLE);
        java.util.function.DoubleUnaryOperator value = scale -> {
            double[] l = scale == 1 ? lambda : doubled;
            INDArray hb = batchWithSpectrum(l);
            return unit.penalty(new org.robustlab.api.HiddenBatch(x, w, hb, hb, 1),
                    new org.robustlab.api.HiddenGradients(w.ulike().assign(0), hb.ulike().assign(0), false));
        };
        assertEquals(0, value.applyAsDouble(1), 1e-12);
        assertEquals(2.0 * 6 / 8, value.applyAsDouble(2), 1e-10);
        assertEquals(0, batch.penalty(batchWithSpectrum(doubled), null, Double.NaN), 1e-10);

        INDArray h = Nd4j.rand(DataType.DOUBLE, 20, 6).muli(Nd4j.createFromArray(3.0, 2.0, 1.5, 1.0, 0.5, 0.2).reshape(1, 6));
        SpectralRegularizer r = reg(Map.of("tau", 0, "beta", 0.7, "anchor", "unit"));
        r.eigenvectors = SpectralRegularizer.eigenvectors(SpectralRegularizer.covariance(h, in -> in));
        INDArray grad = h.ulike().assign(0);
        INDArray ws = Nd4j.eye(6).castTo(DataType.DOUBLE);
        double v0 = r.penalty(new org.robustlab.api.HiddenBatch(h, ws, h, h, 1),
                new org.robustlab.api.HiddenGradients(ws.ulike().assign(0), grad, true));
        assertTrue(v0 > 0 && grad.amaxNumber().doubleValue() > 0);
        GradientCheck.assertGradient("spectral, unit target, d/dH", () -> r.penalty(new org.robustlab.api.HiddenBatch(h, ws, h, h, 1),
                new org.robustlab.api.HiddenGradients(ws.ulike().assign(0), h.ulike().assign(0), true)), h, grad);
    }

    /**
     * on: 'pre' shapes the spectrum of h = x Wᵀ: eigenvectors come from the pre-activation map
     * (ReLU would change the covariance here), and ∂R/∂W = (∂R/∂h)ᵀ x matches central differences
     * (epoch anchor: β* is frozen with V, so R is smooth in W away from re-sorting).
     */
    @Test
    void preActivationVariantUsesHAndItsWeightGradientIsExact() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 30, 7);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 6, 7);
        java.util.function.Function<INDArray, INDArray> pre = in -> in.mmul(w.transpose());
        java.util.function.Function<INDArray, INDArray> relu = in -> Transforms.relu(pre.apply(in), true);
        SpectralRegularizer r = reg(Map.of("tau", 1, "beta", 0.7, "on", "pre", "anchor", "epoch"));
        r.beforeEpoch(0, x, relu, pre, null);
        INDArray cov = SpectralRegularizer.covariance(x, pre);
        for (int i = 0; i < 6; i++) {
            INDArray v = r.eigenvectors.getColumn(i);
            assertEquals(v.mul(cov.mmul(v)).sumNumber().doubleValue(), r.eigenvalues[i], 1e-10, "eigenvalue " + i + " of cov(h)");
        }
        INDArray dW = w.ulike().assign(0);
        INDArray unused = Nd4j.zeros(DataType.DOUBLE, 30, 6);
        java.util.function.DoubleSupplier value = () -> {
            INDArray h = pre.apply(x);
            return r.penalty(new org.robustlab.api.HiddenBatch(x, w, h, Transforms.relu(h, true), 1),
                    new org.robustlab.api.HiddenGradients(w.ulike().assign(0), Nd4j.zeros(DataType.DOUBLE, 30, 6), true));
        };
        INDArray h = pre.apply(x);
        double v0 = r.penalty(new org.robustlab.api.HiddenBatch(x, w, h, Transforms.relu(h, true), 1),
                new org.robustlab.api.HiddenGradients(dW, unused, true));
        assertTrue(v0 > 0, "a random W is not a power law");
        assertEquals(0, unused.amaxNumber().doubleValue(), 0, "nothing flows through ĥ");
        GradientCheck.assertGradient("spectral on pre d/dW", value, w, dW);
    }

    /** A B×H batch with a decaying spectrum (column scales 1/(j+1)) in a random basis, plus an offset. */
    static INDArray decayingBatch(int b, int h, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray scales = Nd4j.create(DataType.DOUBLE, 1, h);
        for (int j = 0; j < h; j++) {
            scales.putScalar(0, j, 1.0 / (j + 1));
        }
        INDArray q = SpectralRegularizer.eigenvectors(SpectralRegularizer.covariance(Nd4j.randn(DataType.DOUBLE, 3 * h, h), x -> x));
        return Nd4j.randn(DataType.DOUBLE, b, h).muliRowVector(scales).mmul(q.transpose()).addi(0.3);
    }

    /**
     * The float32 path (float32 projections, the training precision) against the float64 one on the
     * same batch and eigenvectors: penalty and gradient within float32 round-off. A gradient target
     * that is a view (no in-GEMM accumulation) gets the same numbers as a plain one.
     */
    @Test
    void float32ProjectionsAgreeWithFloat64() {
        INDArray hd = decayingBatch(400, 150, 11);
        SpectralRegularizer r = reg(Map.of("tau", 5, "beta", 0.7));
        r.beforeEpoch(0, hd, x -> x, null);
        INDArray gd = hd.ulike().assign(0);
        double pd = r.penalty(hd, gd, Double.NaN);
        INDArray gf = Nd4j.zeros(DataType.FLOAT, 400, 150);
        double pf = r.penalty(hd.castTo(DataType.FLOAT), gf, Double.NaN);
        assertTrue(pd > 0.01, "a 1/n spectrum in a random basis, sampled, is not exactly 1/n: " + pd);
        assertEquals(pd, pf, 1e-4 * pd, "penalty");
        double scale = gd.amaxNumber().doubleValue();
        assertTrue(scale > 0);
        assertEquals(0, gf.castTo(DataType.DOUBLE).subi(gd).amaxNumber().doubleValue(), 1e-4 * scale, "gradient");
        INDArray wide = Nd4j.zeros(DataType.DOUBLE, 400, 160);
        INDArray view = wide.get(NDArrayIndex.all(), NDArrayIndex.interval(5, 155));
        r.penalty(hd, view, Double.NaN);
        assertEquals(0, view.sub(gd).amaxNumber().doubleValue(), 1e-12 * scale, "view target");
    }

    /** With the encoder's ∂h accumulator, on: 'pre' leaves ∂W to the encoder: (∂R/∂h)ᵀx equals the fallback's ∂W. */
    @Test
    void preActivationGradientThroughTheEncodersAccumulator() {
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 40, 9);
        INDArray w = Nd4j.randn(DataType.DOUBLE, 8, 9);
        INDArray h = x.mmul(w.transpose());
        SpectralRegularizer r = reg(Map.of("tau", 1, "on", "pre"));
        r.beforeEpoch(0, x, in -> Transforms.relu(in.mmul(w.transpose()), true), in -> in.mmul(w.transpose()), null);
        org.robustlab.api.HiddenBatch batch = new org.robustlab.api.HiddenBatch(x, w, h, Transforms.relu(h, true), 1);
        INDArray dWFallback = w.ulike().assign(0);
        double v1 = r.penalty(batch, new org.robustlab.api.HiddenGradients(dWFallback, h.ulike().assign(0), true));
        INDArray dW = w.ulike().assign(0);
        INDArray dH = h.ulike().assign(0);
        double v2 = r.penalty(batch, new org.robustlab.api.HiddenGradients(dW, h.ulike().assign(0), true, dH));
        assertEquals(v1, v2, 0);
        assertEquals(0, dW.amaxNumber().doubleValue(), 0, "∂W is left to the encoder");
        assertTrue(dWFallback.amaxNumber().doubleValue() > 0);
        assertTrue(dH.transpose().mmul(x).equalsWithEps(dWFallback, 1e-12));
    }

    @Test
    void eigenvectorsAreOrthonormalAndDescending() {
        INDArray h = Nd4j.rand(DataType.DOUBLE, 50, 5).muli(Nd4j.createFromArray(1.0, 4.0, 2.0, 0.5, 3.0).reshape(1, 5));
        INDArray cov = SpectralRegularizer.covariance(h, x -> x);
        INDArray centred = h.subRowVector(h.mean(0));
        assertTrue(cov.equalsWithEps(centred.transpose().mmul(centred).divi(49), 1e-10));
        INDArray v = SpectralRegularizer.eigenvectors(cov);
        assertTrue(v.transpose().mmul(v).equalsWithEps(Nd4j.eye(5).castTo(DataType.DOUBLE), 1e-10));
        INDArray rotated = v.transpose().mmul(cov).mmul(v);
        double[] values = new double[5];
        for (int i = 0; i < 5; i++) {
            values[i] = rotated.getDouble(i, i);
        }
        for (int i = 1; i < 5; i++) {
            assertTrue(values[i - 1] >= values[i], "descending eigenvalues");
        }
    }
}
