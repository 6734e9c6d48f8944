package org.robustlab.core.robustness;

import java.util.Arrays;
import org.robustlab.api.Param;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.params.Params;
import org.robustlab.core.params.Validated;

/**
 * The host's keys on every attack (the ε grid, the test subset, bisection, extension), declared like a
 * plugin's {@link Param}s: typed, range-checked, suggested when misspelt and listed with the plugin's own keys.
 * Parsed once when the study is planned.
 */
public final class SweepSettings implements Validated {
    @Param(description = "explicit ε values (instead of epsMin/epsMax/epsCount)")
    double[] epsilons = null;
    @Param(description = "smallest ε of the log-spaced grid (default 1e-4 for L2 attacks, 1e-5 for L-inf)", min = 0)
    Double epsMin = null;
    @Param(description = "largest ε of the log-spaced grid (default 10 for L2 attacks, 0.5 for L-inf)", min = 0)
    Double epsMax = null;
    @Param(description = "points of the log-spaced grid", min = 2)
    int epsCount = 16;
    @Param(description = "attack only the first N test images (0: all)", min = 0)
    int subset = 0;
    @Param(description = "find each image's critical ε by bisection instead of the full sweep")
    boolean bisect = false;
    @Param(description = "grow the grid by its own ratio while the relative accuracy is still falling")
    boolean extend = true;

    /** Parameter names, for the planner and the DSL. */
    public static SweepSettings defaults() {
        return new SweepSettings();
    }

    @Override
    public void validate() {
        if (epsilons != null) {
            if (epsilons.length == 0) {
                throw new RobustlabException("epsilons is empty; give at least one ε, e.g. epsilons: [0.01, 0.1, 1]");
            }
            for (double e : epsilons) {
                if (!(e >= 0) || Double.isInfinite(e)) {
                    throw new RobustlabException("epsilons = " + Params.display(epsilons) + " holds " + e
                            + "; every ε must be a finite number >= 0");
                }
            }
            if (epsMin != null || epsMax != null) {
                throw new RobustlabException("give either epsilons or epsMin/epsMax/epsCount, not both");
            }
        }
        if (epsMin != null && epsMin <= 0) {
            throw new RobustlabException("epsMin = " + epsMin + " must be > 0 (the grid is log-spaced)");
        }
        if (epsMin != null && epsMax != null && !(epsMin < epsMax)) {
            throw new RobustlabException("epsMin = " + epsMin + " must be smaller than epsMax = " + epsMax);
        }
    }

    /** The ε values for an attack with {@code norm} ({@code "2"} or {@code "inf"}), sorted. */
    public double[] grid(String norm) {
        if (epsilons != null) {
            return Arrays.stream(epsilons).sorted().toArray();
        }
        boolean l2 = "2".equals(norm);
        double lo = epsMin != null ? epsMin : l2 ? 1e-4 : 1e-5;
        double hi = epsMax != null ? epsMax : l2 ? 10 : 0.5;
        if (!(lo < hi)) {
            throw new RobustlabException("epsMin = " + lo + " must be smaller than epsMax = " + hi
                    + " (one of them is this attack's default; give both)");
        }
        return EpsilonGrid.logspace(lo, hi, epsCount);
    }

    /** Images attacked: the first {@link #subset} test images, or all. */
    public int subset() {
        return subset;
    }

    public boolean bisect() {
        return bisect;
    }

    public boolean extend() {
        return extend;
    }
}
