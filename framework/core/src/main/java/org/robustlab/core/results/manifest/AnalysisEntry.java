package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.robustlab.api.SiteView;

/**
 * One analysis: the analyzer (name, class, plugin, parameters), its summary, the site sections it declared, or the
 * error that stopped it.
 *
 * @param summary the analyzer's JSON-able summary
 * @param views   the site sections of its files (API 0.5.0; absent in manifests written before)
 * @param stepKey content key of the step (set when it succeeded)
 * @param reused  whether the result was reused from an earlier run
 * @param seconds compute time of the step (kept when a later run reuses it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalysisEntry(String name, @JsonProperty("class") String type, String plugin, String pluginVersion,
                            Map<String, Object> params, Map<String, Object> summary, List<SiteView> views,
                            String stepKey, String error, Boolean reused, Double seconds) {
    public static AnalysisEntry started(ExtensionRecord analyzer) {
        return new AnalysisEntry(analyzer.name(), analyzer.type(), analyzer.plugin(), analyzer.pluginVersion(),
                analyzer.params(), null, null, null, null, null, null);
    }

    public AnalysisEntry finished(Map<String, Object> summary, List<SiteView> views, String stepKey, double seconds) {
        return new AnalysisEntry(name, type, plugin, pluginVersion, params, summary,
                views == null || views.isEmpty() ? null : List.copyOf(views), stepKey, error, reused, seconds);
    }

    public AnalysisEntry failed(String message) {
        return new AnalysisEntry(name, type, plugin, pluginVersion, params, summary, views, stepKey, message, reused, seconds);
    }

    /** Reused from an earlier run, with the views the analyzer declares now. */
    public AnalysisEntry asReused(List<SiteView> views) {
        return new AnalysisEntry(name, type, plugin, pluginVersion, params, summary,
                views == null || views.isEmpty() ? null : List.copyOf(views), stepKey, error, true, seconds);
    }
}
