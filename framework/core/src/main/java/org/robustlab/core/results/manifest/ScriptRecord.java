package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The study script as run: its file name and full text. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScriptRecord(String name, String text) {
}
