package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.data.DataLoader;
import org.robustlab.core.data.DataSpec;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.params.Params;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.plugins.attacks.FgsmAttack;
import org.robustlab.plugins.encoders.MlpEncoder;

/**
 * {@code space: 'model'}: the attack perturbs the model's preprocessed input x̂ = x/‖x‖₃ and the critical distances are
 * ‖x̂′ − x̂‖₂ (the seed code's protocol). Checked against an oracle that does exactly that by hand with the saved model.
 */
class AttackSpaceTest {
    @TempDir
    Path dir;

    private static final double[] GRID = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};

    @Test
    void modelSpaceAttacksPerturbXHatAndMeasureDistancesThere() throws Exception {
        Path out = dir.resolve("space");
        String grid = java.util.Arrays.toString(GRID);
        Cli r = Cli.run("run", "-e", "data sample(train: 300, test: 100); seed 5;"
                + " encoder mlp(hidden: 32, epochs: 3, batch: 50, inputNorm: 3);"
                + " attack fgsm(space: 'model', epsilons: " + grid + ", extend: false);"
                + " attack fgsm(epsilons: " + grid + ", extend: false)", "--out", out.toString(), "--no-site");
        assertEquals(0, r.exit(), r.err());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) Json.readMap(out.resolve("study.json")).get("attacks");
        assertEquals("model", attacks.get(0).get("space"));
        assertEquals(List.of(0.0, "inf"), attacks.get(0).get("box"));
        assertEquals("pixel", attacks.get(1).get("space"));
        assertEquals(List.of(0.0, 1.0), attacks.get(1).get("box"));

        // the oracle: restore the model, map the test images to x̂, attack x̂ with FGSM in [0, ∞), first flipping ε
        Map<String, Object> meta = Json.readMap(out.resolve("models/mlp/model.json"));
        TrainedModel model = new ModelStore(new StudyFiles(out)).load("mlp", meta, new MlpEncoder());
        Dataset test = DataLoader.load(new DataSpec("sample", null, 300, 100), Path.of(System.getProperty("robustlab.home")),
                DataType.FLOAT).test();
        INDArray xHat = model.preprocess(test.features());
        DifferentiableModel onXHat = model.onPreprocessedInput();
        int[] clean = onXHat.predict(xHat);
        FgsmAttack fgsm = new FgsmAttack();
        Params.bind(fgsm, "fgsm", Map.of(), null);
        InputBox box = new InputBox(0, Double.POSITIVE_INFINITY);
        List<List<String>> critical = CsvTables.rows(out.resolve("attacks/mlp/fgsm-critical.csv"));
        List<Integer> correct = new ArrayList<>();
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] == test.labels()[i]) {
                correct.add(i);
            }
        }
        assertEquals(correct.size(), critical.size(), "one row per originally correct image");
        int flippedSomewhere = 0;
        for (int k = 0; k < correct.size(); k++) {
            int i = correct.get(k);
            INDArray xi = xHat.getRow(i, true);
            double firstEps = Double.NaN;
            double distance = Double.NaN;
            for (double eps : GRID) {
                INDArray adv = fgsm.perturb(onXHat, xi, new int[]{test.labels()[i]}, eps, new Random(0), box);
                if (onXHat.predict(adv)[0] != test.labels()[i]) {
                    firstEps = eps;
                    distance = adv.castTo(DataType.DOUBLE).sub(xi.castTo(DataType.DOUBLE)).norm2Number().doubleValue();
                    break;
                }
            }
            List<String> row = critical.get(k); // index,label,critical_epsilon,critical_distance,censored
            assertEquals(Integer.toString(i), row.get(0));
            if (Double.isNaN(firstEps)) {
                assertEquals("true", row.get(4), "image " + i + " never flips in x̂ space");
            } else {
                flippedSomewhere++;
                assertEquals("false", row.get(4), "image " + i);
                assertEquals(firstEps, Double.parseDouble(row.get(2)), 1e-15, "critical ε of image " + i);
                assertEquals(distance, Double.parseDouble(row.get(3)), 1e-6 * distance, "‖x̂′ − x̂‖ of image " + i);
            }
        }
        assertTrue(flippedSomewhere > 0, "the grid reaches flips in x̂ space");
    }
}
