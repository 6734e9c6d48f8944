package org.robustlab.testkit;

/** Every numerical tolerance of the test suites, robustlab's and its plugins', in one place (as EJML's UtilEjml). */
public final class Tolerances {
    /** Central-difference step for float64 gradient checks. */
    public static final double FD_STEP = 1e-5;
    /** Max relative error |a−n|/(|a|+|n|) of an analytic gradient against central differences. */
    public static final double GRADIENT_RELATIVE = 1e-5;
    /**
     * Absolute floor per unit of |f|: a difference |a−n| below this·max(1, |f|) passes, since the
     * rounding noise of the differences is about 1e-16·|f|/h ≈ 1e-11·|f|.
     */
    public static final double GRADIENT_ABSOLUTE_FLOOR = 1e-9;

    /**
     * Slack of an attack's budget check: ‖x′ − x‖ may exceed ε by this (absolute, per unit of ε and at least this
     * much), the rounding of float32 pixels near 1 (≈ 6e-8 each) with room for an L2 sum over 3072 of them.
     */
    public static final double PERTURBATION_BUDGET = 1e-6;

    private Tolerances() {
    }
}
