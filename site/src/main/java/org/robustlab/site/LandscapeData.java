package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.Npy;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * A saved landscape (the file of a study's {@code landscape} site view, e.g. the landscape analyzer's
 * {@code landscape.json}): the grid axis and, per model, the Jacobian-norm, predicted-class and confidence grids
 * (first index along u).
 */
public record LandscapeData(double[] axis, List<String> classNames, String className, int image, List<Surface> models) {

    /** One model's grids. */
    public record Surface(String model, double[][] jacobian, int[][] predicted, double[][] confidence) {
    }

    /** The study's landscape, found through the site view its analyzer declared in {@code study.json}. */
    public static LandscapeData read(Path studyDir) {
        DeclaredViews.Owned view = DeclaredViews.of(StudyManifest.read(studyDir)).first(SiteView.LANDSCAPE);
        if (view == null) {
            throw new RobustlabException(studyDir + " has no landscapes (no analysis in its study.json declares a landscape"
                    + " view); add 'analyze landscape' to the study and run it (a study run before API 0.5.0: run it again,"
                    + " its finished steps are reused and the views recorded)");
        }
        return read(studyDir, view.file());
    }

    /** The landscape in {@code file} (relative to the study folder). */
    @SuppressWarnings("unchecked")
    public static LandscapeData read(Path studyDir, String file) {
        Path path = studyDir.resolve(file);
        if (!Files.exists(path)) {
            throw new RobustlabException(path + " is missing; run the study again to rewrite it");
        }
        Map<String, Object> json = Json.readMap(path);
        double[] axis = ((List<Number>) json.get("axis")).stream().mapToDouble(Number::doubleValue).toArray();
        List<Surface> models = new ArrayList<>();
        for (Map<String, Object> m : (List<Map<String, Object>>) json.get("models")) {
            models.add(new Surface(String.valueOf(m.get("name")),
                    Npy.read(studyDir.resolve(String.valueOf(m.get("jacobian")))).toDoubleMatrix(),
                    Npy.read(studyDir.resolve(String.valueOf(m.get("class")))).toIntMatrix(),
                    Npy.read(studyDir.resolve(String.valueOf(m.get("confidence")))).toDoubleMatrix()));
        }
        return new LandscapeData(axis, (List<String>) json.get("classNames"), String.valueOf(json.get("className")),
                ((Number) json.get("image")).intValue(), models);
    }

    /** The named model's grids, or the first model's when {@code name} is null. */
    public Surface model(String name) {
        if (name == null) {
            return models.get(0);
        }
        return models.stream().filter(s -> s.model().equals(name)).findFirst().orElseThrow(() -> new RobustlabException(
                "no landscape for model '" + name + "'; available: " + String.join(", ", models.stream().map(Surface::model).toList())));
    }
}
