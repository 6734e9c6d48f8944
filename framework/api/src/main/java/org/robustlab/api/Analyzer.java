package org.robustlab.api;

import java.util.List;
import java.util.Map;

/**
 * Computes an analysis over the study's models (e.g. {@code spectrum}, {@code landscape},
 * {@code stir}) and writes its files below {@code analyses/<name>/}.
 */
public interface Analyzer extends StudyExtension {
    /** Runs the analysis; returns a JSON-able summary recorded in the study manifest. */
    Map<String, Object> analyze(AnalysisRequest request, StudyContext context);

    /**
     * The site sections of the files {@link #analyze} wrote for this request (paths relative to the study folder).
     * Called after a successful analysis and when a finished one is reused; every file named must exist, else the
     * step fails. Default: none, the files are only listed for download. Since API 0.5.0.
     */
    default List<SiteView> views(AnalysisRequest request) {
        return List.of();
    }

    /**
     * Whether {@link #analyze} reads {@link AnalysisRequest#claims()}. An analyzer that does not is given a request
     * without claims, and its finished result stays reusable when a study's claims change: adding a claim to a finished
     * study then recomputes only the analyzers that read claims. Default true, the safe answer for an analyzer written
     * before this method existed. Since API 0.7.0.
     */
    default boolean readsClaims() {
        return true;
    }
}
