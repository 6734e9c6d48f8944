package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.robustness.EpsilonGrid;

/** On a model trained on real CIFAR-10 images: success grows with ε, and PGD ≥ FGSM ≥ random in effect. */
class AttacksOnTrainedModelTest {
    @TempDir
    Path dir;

    private static double[] relative(Path csv) {
        return CsvTables.rows(csv).stream().mapToDouble(r -> Double.parseDouble(r.get(1))).toArray();
    }

    @Test
    void monotoneAndOrdered() {
        double[] grid = EpsilonGrid.logspace(1e-4, 0.1, 8);
        // random moves along an L2 direction: give it the L2 length of an L-inf corner of the same eps, eps * sqrt(3072)
        String linf = java.util.Arrays.stream(grid).mapToObj(Double::toString).collect(Collectors.joining(", "));
        String l2 = java.util.Arrays.stream(grid).mapToObj(e -> Double.toString(e * Math.sqrt(3072))).collect(Collectors.joining(", "));
        Cli r = Cli.run("run", "-e", "data sample(train: 1000, test: 200); seed 5; encoder mlp(hidden: 64, epochs: 8, batch: 50);"
                + " attack random(epsilons: [" + l2 + "], extend: false); attack fgsm(epsilons: [" + linf + "], extend: false);"
                + " attack pgd(steps: 10, epsilons: [" + linf + "], extend: false)", "--out", dir.toString(), "--no-site");
        assertEquals(0, r.exit(), r.err());
        double[] random = relative(dir.resolve("attacks/mlp/random.csv"));
        double[] fgsm = relative(dir.resolve("attacks/mlp/fgsm.csv"));
        double[] pgd = relative(dir.resolve("attacks/mlp/pgd.csv"));
        for (int k = 0; k < grid.length; k++) {
            assertTrue(pgd[k] <= fgsm[k] + 1e-9, "eps " + grid[k] + ": pgd " + pgd[k] + " > fgsm " + fgsm[k]);
            assertTrue(fgsm[k] <= random[k] + 1e-9, "eps " + grid[k] + ": fgsm " + fgsm[k] + " > random " + random[k]);
            if (k > 0) {
                assertTrue(pgd[k] <= pgd[k - 1] + 1e-9, "pgd success not monotone at eps " + grid[k]);
                assertTrue(fgsm[k] <= fgsm[k - 1] + 1e-9, "fgsm success not monotone at eps " + grid[k]);
            }
        }
        assertEquals(0.0, pgd[grid.length - 1], "PGD at eps 0.1 (L-inf) fools every image");
        assertTrue(random[grid.length - 1] > 0.5, "random noise of the same size fools few: " + random[grid.length - 1]);
        List<List<String>> critical = CsvTables.rows(dir.resolve("attacks/mlp/pgd-critical.csv"));
        assertTrue(critical.stream().noneMatch(c -> c.get(4).equals("true")), "nothing censored for PGD");
    }
}
