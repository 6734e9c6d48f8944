package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The indicators of attack failure of one attack on one model (docs/robustness.md).
 *
 * @param file  the diagnostics JSON, relative to the study folder
 * @param fired names of the indicators that fired
 * @param key   content key of the check, so a re-run reuses it
 * @param error why the check failed (then the other fields are null)
 * @param seconds compute time of the check
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record IndicatorsEntry(String file, List<String> fired, String key, String error, Double seconds) {
    public static IndicatorsEntry failed(String message) {
        return new IndicatorsEntry(null, null, null, message, null);
    }
}
