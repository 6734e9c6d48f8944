package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One attack on one model: its files, the critical-distance summary, what it cost, or the error that stopped it.
 *
 * @param label                    the attack's file label ({@code pgd}, {@code pgd-2} for a repeat)
 * @param space                    {@code pixel} or {@code model} (the model's normalised input space)
 * @param box                      the input box [lo, hi] ({@code "inf"} for an unbounded hi)
 * @param mode                     {@code sweep} (ε grid) or {@code bisect} (per-image bisection)
 * @param norm                     the attack's norm key ({@code 2}, {@code inf})
 * @param csv                      relative accuracy per ε
 * @param criticalCsv              per-image critical ε and distance
 * @param criticalDistance         mean, median, variance, quartiles, censored count (docs/results-format.md)
 * @param criticalDistanceOnGrid   the same before the minimal-ε search refined it (null without the search)
 * @param minimalEpsilon           how the search refined the critical ε (null without it)
 * @param gradientEvaluations      input-gradient evaluations spent by the sweep or bisection
 * @param sweepGradientEvaluations (bisect) what a full sweep over the grid would have spent
 * @param evaluationRatio          (bisect) gradientEvaluations / sweepGradientEvaluations
 * @param diagnostics              (sweep) images with zero or NaN gradients, non-monotone steps, grid points added
 * @param seconds                  compute time of the step (kept when a later run reuses it)
 * @param stepKey                  content key of the step (set when it succeeded)
 * @param reused                   whether the result was reused from an earlier run
 * @param indicators               the indicators of attack failure (null when not checked)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AttackEntry(String model, String label, ExtensionRecord attack, String space, List<Object> box, String mode,
                          String norm, String csv, String criticalCsv, Map<String, Object> criticalDistance,
                          Map<String, Object> criticalDistanceOnGrid, MinimalEpsilonRecord minimalEpsilon,
                          Long gradientEvaluations, Long sweepGradientEvaluations, Double evaluationRatio,
                          Map<String, Object> diagnostics, Double seconds, String stepKey, String error, Boolean reused,
                          IndicatorsEntry indicators) {
    /** An attack about to run. */
    public static AttackEntry started(String model, String label, ExtensionRecord attack) {
        return new AttackEntry(model, label, attack, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public AttackEntry failed(String message) {
        return new AttackEntry(model, label, attack, space, box, mode, norm, csv, criticalCsv, criticalDistance,
                criticalDistanceOnGrid, minimalEpsilon, gradientEvaluations, sweepGradientEvaluations, evaluationRatio,
                diagnostics, seconds, stepKey, message, reused, indicators);
    }

    public AttackEntry asReused() {
        return new AttackEntry(model, label, attack, space, box, mode, norm, csv, criticalCsv, criticalDistance,
                criticalDistanceOnGrid, minimalEpsilon, gradientEvaluations, sweepGradientEvaluations, evaluationRatio,
                diagnostics, seconds, stepKey, error, true, indicators);
    }

    public AttackEntry withIndicators(IndicatorsEntry indicators) {
        return new AttackEntry(model, label, attack, space, box, mode, norm, csv, criticalCsv, criticalDistance,
                criticalDistanceOnGrid, minimalEpsilon, gradientEvaluations, sweepGradientEvaluations, evaluationRatio,
                diagnostics, seconds, stepKey, error, reused, indicators);
    }

    /** Whether both result files were written (a failed attack has none). */
    public boolean finished() {
        return csv != null && criticalCsv != null && error == null;
    }
}
