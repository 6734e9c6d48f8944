package org.robustlab.core.results.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.robustlab.api.SiteView;

/**
 * One model of the study: how it was built, where it is saved, whether it was reused, its training time and
 * warnings, its clean evaluation, or the error that stopped it.
 *
 * @param cacheKey         content key of the trained model (parameters, data, seed, number type, name)
 * @param folder           the model's folder, relative to the study folder
 * @param cached           whether the saved model was reused instead of trained
 * @param reusedFrom       the other study folder the saved model was copied from ({@code run --reuse-models}), or null
 * @param metrics          the file of the metrics on the clean test set
 * @param predictions      the clean test set's per-image labels and predictions ({@code index,label,predicted})
 * @param stepKey          content key of the clean evaluation (set when it succeeded)
 * @param evaluationReused whether the clean evaluation was reused from an earlier run
 * @param views            site sections of the encoder's extra files (API 0.5.0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelEntry(String name, ExtensionRecord encoder, List<ExtensionRecord> regularizers, String cacheKey,
                         String folder, Boolean cached, String reusedFrom, Double trainSeconds, List<String> warnings, String error,
                         Double cleanAccuracy, FileRef metrics, FileRef predictions, String stepKey, Boolean evaluationReused,
                         List<SiteView> views) {
    /** A model about to be trained or loaded. */
    public static ModelEntry planned(String name, ExtensionRecord encoder, List<ExtensionRecord> regularizers,
                                     String cacheKey, String folder) {
        return new ModelEntry(name, encoder, regularizers, cacheKey, folder, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public ModelEntry trained(boolean cached, String reusedFrom, double trainSeconds, List<String> warnings,
                              List<SiteView> views) {
        return new ModelEntry(name, encoder, regularizers, cacheKey, folder, cached, reusedFrom, trainSeconds,
                warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings), error, cleanAccuracy, metrics,
                predictions, stepKey, evaluationReused, views == null || views.isEmpty() ? null : List.copyOf(views));
    }

    public ModelEntry failed(String message) {
        return new ModelEntry(name, encoder, regularizers, cacheKey, folder, cached, reusedFrom, trainSeconds, warnings, message,
                cleanAccuracy, metrics, predictions, stepKey, evaluationReused, views);
    }

    /**
     * With the clean evaluation: accuracy, metrics file (null: none), per-image predictions file, its step key (null: a
     * metric failed).
     */
    public ModelEntry evaluated(double accuracy, FileRef metrics, FileRef predictions, String stepKey, boolean reused) {
        return new ModelEntry(name, encoder, regularizers, cacheKey, folder, cached, reusedFrom, trainSeconds, warnings, error,
                accuracy, metrics, predictions, stepKey, reused ? Boolean.TRUE : null, views);
    }

    /** Whether the model has a usable result (it trained or loaded without error). */
    public boolean ok() {
        return error == null;
    }
}
