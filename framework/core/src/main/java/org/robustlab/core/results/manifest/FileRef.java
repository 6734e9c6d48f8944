package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A result file, relative to the study folder. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileRef(String file) {
}
