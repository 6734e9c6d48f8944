package org.robustlab.plugins.analyzers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Least-squares fit of log λ̃_n = −α log n + c over the ranks [first, last] (1-based) of a
 * descending spectrum (docs/methods.md §5). Ranks whose eigenvalue is not positive end the window.
 *
 * @param alpha      the exponent α (minus the slope)
 * @param stdError   standard error of α from the residuals
 * @param rSquared   coefficient of determination (weighted when the fit is)
 * @param intercept  c
 * @param first      first rank used
 * @param last       last rank used
 * @param weighted   whether each rank was weighted by 1/n (Stringer et al. 2019)
 */
public record PowerLawFit(double alpha, double stdError, double rSquared, double intercept,
                          int first, int last, boolean weighted) {

    /** A fit needs at least this many ranks in its window. */
    public static final int MIN_POINTS = 3;

    /** Fits the window; α is NaN when fewer than {@link #MIN_POINTS} positive ranks fall into it. */
    public static PowerLawFit fit(double[] spectrum, int first, int last, boolean weighted) {
        int lo = Math.max(1, first);
        int hi = Math.min(last, spectrum.length);
        int end = lo - 1;
        double top = spectrum.length == 0 ? 0 : spectrum[0];
        // Stop at the first non-positive (numerically zero) eigenvalue: log is undefined there.
        while (end < hi && spectrum[end] > top * 1e-14 && spectrum[end] > 0) {
            end++;
        }
        int m = end - lo + 1;
        if (m < MIN_POINTS || top <= 0) {
            return new PowerLawFit(Double.NaN, Double.NaN, Double.NaN, Double.NaN, lo, end, weighted);
        }
        double sw = 0, sx = 0, sy = 0;
        for (int n = lo; n <= end; n++) {
            double w = weighted ? 1.0 / n : 1.0;
            sw += w;
            sx += w * Math.log(n);
            sy += w * Math.log(spectrum[n - 1] / top);
        }
        double mx = sx / sw, my = sy / sw;
        double sxx = 0, sxy = 0, syy = 0;
        for (int n = lo; n <= end; n++) {
            double w = weighted ? 1.0 / n : 1.0;
            double dx = Math.log(n) - mx, dy = Math.log(spectrum[n - 1] / top) - my;
            sxx += w * dx * dx;
            sxy += w * dx * dy;
            syy += w * dy * dy;
        }
        double slope = sxy / sxx;
        double ssRes = 0; // from the residuals themselves: syy − slope·sxy cancels badly for near-perfect fits
        for (int n = lo; n <= end; n++) {
            double w = weighted ? 1.0 / n : 1.0;
            double r = Math.log(spectrum[n - 1] / top) - my - slope * (Math.log(n) - mx);
            ssRes += w * r * r;
        }
        double r2 = syy > 0 ? 1 - ssRes / syy : 1;
        // Weighted least squares with Var(ε_n) = σ²/w_n: σ² is estimated from the weighted residuals,
        // so the usual formula holds with weighted sums (and is invariant to rescaling the weights).
        double se = Math.sqrt(ssRes / (m - 2) / sxx);
        return new PowerLawFit(-slope, se, r2, my - slope * mx, lo, end, weighted);
    }

    /** Whether α could be fitted. */
    public boolean valid() {
        return !Double.isNaN(alpha);
    }

    /** JSON-able view. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("stdError", stdError);
        m.put("rSquared", rSquared);
        m.put("intercept", intercept);
        m.put("first", first);
        m.put("last", last);
        m.put("weighted", weighted);
        return m;
    }
}
