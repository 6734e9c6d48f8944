package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How the critical ε of each image was resolved below the grid's resolution.
 *
 * @param tolerance           relative width every bracket was narrowed to
 * @param gradientEvaluations input-gradient evaluations the search spent
 * @param rounds              search rounds
 * @param widestBracket       the widest relative bracket left
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MinimalEpsilonRecord(double tolerance, long gradientEvaluations, int rounds, double widestBracket) {
}
