package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.Npy;

/**
 * The saved output of the {@code landscape} analyzer ({@code analyses/landscape/}): the grid axis
 * and, per model, the Jacobian-norm, predicted-class and confidence grids (first index along u).
 */
public record LandscapeData(double[] axis, List<String> classNames, String className, int image, List<Surface> models) {
    static final String FILE = "analyses/landscape/landscape.json";

    /** One model's grids. */
    public record Surface(String model, double[][] jacobian, int[][] predicted, double[][] confidence) {
    }

    /** Whether the study has landscapes. */
    public static boolean exists(Path studyDir) {
        return Files.exists(studyDir.resolve(FILE));
    }

    @SuppressWarnings("unchecked")
    public static LandscapeData read(Path studyDir) {
        Path file = studyDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new RobustlabException(studyDir + " has no landscapes (" + FILE + "); add 'analyze landscape' to the study and run it");
        }
        Map<String, Object> json = Json.readMap(file);
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
