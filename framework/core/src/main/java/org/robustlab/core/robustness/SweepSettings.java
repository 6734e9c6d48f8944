package org.robustlab.core.robustness;

import java.util.Arrays;
import org.robustlab.api.InputBox;
import org.robustlab.api.Param;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.params.Params;
import org.robustlab.core.params.Validated;

/**
 * The host's keys on every attack (the ε grid, the test subset, bisection and its tolerance, extension, the indicators of
 * attack failure, the input space), declared like a
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
    @Param(description = "relative resolution of each image's critical eps: after the grid brackets it, bisect in log eps"
            + " until hi/lo <= 1 + tolerance (default 0.01 with bisect: true, none for a sweep; 0: the grid's resolution)",
            min = 0)
    Double tolerance = null;
    @Param(description = "grow the grid by its own ratio while the relative accuracy is still falling")
    boolean extend = true;
    @Param(description = "compute the indicators of attack failure (unbounded success, ordering, vanishing gradients,"
            + " non-convergence, transfer) after the attack; docs/robustness.md")
    boolean indicators = true;
    @Param(description = "images for the indicators' subset checks (non-convergence, transfer, gradients along the path)",
            min = 1)
    int indicatorImages = 200;
    @Param(description = "where the perturbation lives: pixels in [0,1], or the model's preprocessed input x̂ (the seed"
            + " code's protocol: perturb x/||x||_3 and measure ||x̂' − x̂||)", choices = {"pixel", "model"})
    String space = "pixel";
    @Param(description = "[lo, hi] the perturbed inputs are kept in (default [0, 1] for pixels, [0, inf) in the model's space)")
    double[] box = null;

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
        if (box != null && (box.length != 2 || !(box[0] <= box[1]))) {
            throw new RobustlabException("box = " + Params.display(box) + " must be two numbers [lo, hi] with lo <= hi, e.g. box: [0, 1]");
        }
        if (epsMin != null && epsMin <= 0) {
            throw new RobustlabException("epsMin = " + epsMin + " must be > 0 (the grid is log-spaced)");
        }
        if (epsMin != null && epsMax != null && !(epsMin < epsMax)) {
            throw new RobustlabException("epsMin = " + epsMin + " must be smaller than epsMax = " + epsMax);
        }
    }

    /** The ε values for an attack with {@code norm}, sorted. */
    public double[] grid(org.robustlab.api.Norm norm) {
        if (epsilons != null) {
            return Arrays.stream(epsilons).sorted().toArray();
        }
        boolean l2 = norm == org.robustlab.api.Norm.L2;
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

    /** The relative tolerance of the minimal-ε search, or 0 for the grid's resolution. */
    public double tolerance() {
        return tolerance != null ? tolerance : bisect ? 0.01 : 0;
    }

    public boolean extend() {
        return extend;
    }

    public boolean indicators() {
        return indicators;
    }

    public int indicatorImages() {
        return indicatorImages;
    }

    /** True when attacks perturb the model's preprocessed input ({@code space: 'model'}). */
    public boolean modelSpace() {
        return "model".equals(space);
    }

    /** The box inputs are kept in: {@code box:} if given, else [0, 1] for pixels and [0, ∞) in the model's space. */
    public InputBox box() {
        if (box != null) {
            return new InputBox(box[0], box[1]);
        }
        return modelSpace() ? new InputBox(0, Double.POSITIVE_INFINITY) : InputBox.PIXELS;
    }

    /** {@code pixel} or {@code model}. */
    public String space() {
        return space;
    }
}
