package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PowerLawFitTest {
    @Test
    void exactPowerLawIsRecoveredExactly() {
        double[] s = new double[1000];
        for (int n = 1; n <= s.length; n++) {
            s[n - 1] = 7.0 * Math.pow(n, -1.37);
        }
        for (boolean weighted : new boolean[]{false, true}) {
            PowerLawFit f = PowerLawFit.fit(s, 11, 500, weighted);
            assertEquals(1.37, f.alpha(), 1e-12);
            assertEquals(1.0, f.rSquared(), 1e-12);
            assertEquals(0.0, f.stdError(), 1e-9);
            assertEquals(11, f.first());
            assertEquals(500, f.last());
        }
    }

    @Test
    void standardErrorMatchesTheNormalEquations() {
        Random rng = new Random(3);
        double[] s = new double[300];
        for (int n = 1; n <= s.length; n++) {
            s[n - 1] = Math.pow(n, -0.8) * Math.exp(0.2 * rng.nextGaussian());
        }
        s[0] = Math.max(s[0], 2); // keep λ₁ the maximum, as a spectrum has it
        PowerLawFit f = PowerLawFit.fit(s, 5, 250, false);
        // Independent route: β = (XᵀX)⁻¹Xᵀy with X = [1, log n]; Var(β₁) = σ² [(XᵀX)⁻¹]₁₁.
        double a = 0, b = 0, c = 0, y0 = 0, y1 = 0;
        for (int n = 5; n <= 250; n++) {
            double x = Math.log(n), y = Math.log(s[n - 1] / s[0]);
            a += 1;
            b += x;
            c += x * x;
            y0 += y;
            y1 += x * y;
        }
        double det = a * c - b * b;
        double intercept = (c * y0 - b * y1) / det;
        double slope = (a * y1 - b * y0) / det;
        double ss = 0;
        for (int n = 5; n <= 250; n++) {
            double r = Math.log(s[n - 1] / s[0]) - intercept - slope * Math.log(n);
            ss += r * r;
        }
        double se = Math.sqrt(ss / (a - 2) * a / det);
        assertEquals(-slope, f.alpha(), 1e-10);
        assertEquals(se, f.stdError(), 1e-10);
        assertEquals(intercept, f.intercept(), 1e-9);
        assertTrue(f.rSquared() > 0.5 && f.rSquared() < 1);
    }

    @Test
    void windowStopsAtZeroEigenvaluesAndTooShortWindowsAreInvalid() {
        double[] s = {1, 0.5, 0.33, 0.25, 0.2, 1e-20, 0, 0};
        PowerLawFit f = PowerLawFit.fit(s, 1, 8, false);
        assertEquals(5, f.last());
        assertTrue(f.valid());
        assertFalse(PowerLawFit.fit(s, 4, 8, false).valid());
    }

    /** Gaussian samples whose covariance has eigenvalues n^-α in a random basis. */
    static INDArray planted(int samples, int dim, double alpha, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[samples * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        INDArray z = Nd4j.create(v, new long[]{samples, dim}, DataType.DOUBLE);
        INDArray scale = Nd4j.create(DataType.DOUBLE, 1, dim);
        for (int n = 1; n <= dim; n++) {
            scale.putScalar(0, n - 1, Math.pow(n, -alpha / 2));
        }
        INDArray q = randomOrthogonal(dim, rng);
        return z.muliRowVector(scale).mmul(q);
    }

    static INDArray randomOrthogonal(int dim, Random rng) {
        double[] v = new double[dim * dim];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        INDArray g = Nd4j.create(v, new long[]{dim, dim}, DataType.DOUBLE);
        INDArray sym = g.add(g.transpose());
        INDArray a = sym.dup('f');
        org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(a, true); // eigenvectors of a symmetric matrix: orthogonal
        return a;
    }

    @Test
    void plantedPowerLawInSampledDataIsRecoveredWithin005() {
        for (double alpha : new double[]{0.8, 1.0, 1.5}) {
            INDArray x = planted(20000, 600, alpha, 11);
            PowerLawFit f = PowerLawFit.fit(Spectra.eigenvalues(x), 11, 500, false);
            assertEquals(alpha, f.alpha(), 0.05, "planted alpha " + alpha);
            assertTrue(f.rSquared() > 0.98, "r² " + f.rSquared());
        }
    }

    @Test
    void whiteNoiseHasNearlyZeroSlopeShrinkingWithTheSampleCount() {
        // A finite sample of white noise has a Marchenko–Pastur, not a flat, spectrum: the fitted
        // slope is small and falls roughly as √(D/N). This is the calibration error of docs/methods.md §5.
        double few = noiseAlpha(5000, 600);
        double many = noiseAlpha(40000, 600);
        assertTrue(many > 0 && many < 0.12, "white-noise alpha with N = 40000: " + many);
        assertTrue(few > 2 * many && few < 0.4, "alpha with N = 5000 (" + few + ") vs 40000 (" + many + ")");
    }

    private static double noiseAlpha(int samples, int dim) {
        double[] v = new double[samples * dim];
        Random rng = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return PowerLawFit.fit(Spectra.eigenvalues(Nd4j.create(v, new long[]{samples, dim}, DataType.DOUBLE)), 11, 500, false).alpha();
    }

    @Test
    void bootstrapIntervalContainsTheEstimateAndReflectsItsSpread() {
        INDArray x = planted(2000, 300, 1.0, 21);
        PowerLawAnalyzer a = new PowerLawAnalyzer();
        a.bootstrap = 30;
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        double alpha = PowerLawFit.fit(Spectra.eigenvalues(x), 11, 200, false).alpha();
        row.put("alpha", alpha);
        a.addBootstrap(row, x, new int[]{11, 200}, new Random(4));
        double lo = (Double) row.get("ciLow"), hi = (Double) row.get("ciHigh");
        assertTrue(lo < alpha && alpha < hi, "interval [" + lo + ", " + hi + "] around " + alpha);
        assertTrue(hi - lo > 0.005 && hi - lo < 0.3, "width " + (hi - lo));
        // Resampling with replacement steepens the spectrum: the bootstrap mean sits above the estimate.
        assertTrue((Double) row.get("bootstrapMean") > alpha, "bootstrap mean " + row.get("bootstrapMean") + " vs " + alpha);
    }

    @Test
    void pairedDifferencesShareTheResamples() {
        INDArray flat = planted(2000, 300, 1.0, 21);
        INDArray steep = planted(2000, 300, 1.5, 21); // the same Gaussian draws, a steeper planted law
        PowerLawAnalyzer a = new PowerLawAnalyzer();
        a.bootstrap = 30;
        int[] window = {11, 200};
        java.util.List<int[]> resamples = new java.util.ArrayList<>();
        Random rng = new Random(4);
        for (int b = 0; b < 30; b++) {
            resamples.add(org.robustlab.numerics.Sampling.resample(2000, rng));
        }
        double[] flatAlphas = a.addBootstrap(row(flat, window), flat, window, resamples);
        double[] scaledAlphas = a.addBootstrap(row(flat.mul(3), window), flat.mul(3), window, resamples);
        double[] steepAlphas = a.addBootstrap(row(steep, window), steep, window, resamples);
        // a rescaled representation has the same normalised spectrum on every resample: no spread at all
        assertEquals(0, PowerLawAnalyzer.bootstrapSd(flatAlphas, scaledAlphas), 1e-9);
        double paired = PowerLawAnalyzer.bootstrapSd(steepAlphas, flatAlphas);
        double independent = Math.hypot(PowerLawAnalyzer.bootstrapSd(steepAlphas, new double[30]),
                PowerLawAnalyzer.bootstrapSd(flatAlphas, new double[30]));
        assertTrue(paired < 0.7 * independent, "pairing removes the shared resampling noise: " + paired + " vs " + independent);
        double diff = PowerLawFit.fit(Spectra.eigenvalues(steep), 11, 200, false).alpha()
                - PowerLawFit.fit(Spectra.eigenvalues(flat), 11, 200, false).alpha();
        assertEquals(0.5, diff, 0.1);
        assertTrue(diff - 1.96 * paired > 0, "steeper by " + diff + " ± " + 1.96 * paired);
    }

    private static java.util.Map<String, Object> row(INDArray x, int[] window) {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("alpha", PowerLawFit.fit(Spectra.eigenvalues(x), window[0], window[1], false).alpha());
        return row;
    }
}
