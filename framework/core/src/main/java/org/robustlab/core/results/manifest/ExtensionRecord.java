package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A configured extension as the manifest records it: name, class, plugin id and version, and every parameter's
 * resolved value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExtensionRecord(String name, @JsonProperty("class") String type, String plugin, String pluginVersion,
                              Map<String, Object> params) {
}
