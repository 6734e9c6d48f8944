package org.robustlab.core.robustness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustlab.api.AttackOutcome;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.manifest.AttackEntry;

/**
 * The finished attacks of a study as {@link AttackOutcome}s for analyzers, read back from the CSVs the
 * runner wrote (so reused and freshly computed attacks look the same).
 */
public final class AttackOutcomes {
    private AttackOutcomes() {
    }

    /** The names of the indicators of attack failure that fired, as the runner recorded them in the entry. */
    static List<String> firedIndicators(AttackEntry entry) {
        return entry.indicators() == null || entry.indicators().fired() == null ? List.of() : entry.indicators().fired();
    }

    /** One outcome per manifest attack entry that has both CSVs (failed attacks have none). */
    public static List<AttackOutcome> read(Path root, List<AttackEntry> entries) {
        List<AttackOutcome> out = new ArrayList<>();
        for (AttackEntry e : entries) {
            if (e.csv() == null || e.criticalCsv() == null) {
                continue;
            }
            // epsilon,relative_accuracy,robust_accuracy,n_correct_subset,n_test
            List<List<String>> curve = CsvTables.rows(root.resolve(e.csv()));
            // index,label,critical_epsilon,critical_distance,censored
            List<List<String>> crit = CsvTables.rows(root.resolve(e.criticalCsv()));
            double[] eps = new double[curve.size()];
            double[] rel = new double[curve.size()];
            for (int i = 0; i < eps.length; i++) {
                eps[i] = Double.parseDouble(curve.get(i).get(0));
                rel[i] = Double.parseDouble(curve.get(i).get(1));
            }
            int n = crit.size();
            int[] index = new int[n];
            double[] critEps = new double[n];
            double[] dist = new double[n];
            boolean[] censored = new boolean[n];
            double[] lower = new double[n];
            for (int i = 0; i < n; i++) {
                // epsilon_lower (column 5) since API 0.3.0; older results have none
                lower[i] = crit.get(i).size() > 5 ? Double.parseDouble(crit.get(i).get(5)) : 0;
                index[i] = Integer.parseInt(crit.get(i).get(0));
                critEps[i] = Double.parseDouble(crit.get(i).get(2));
                dist[i] = Double.parseDouble(crit.get(i).get(3));
                censored[i] = Boolean.parseBoolean(crit.get(i).get(4));
            }
            out.add(new AttackOutcome(e.model(), e.label(), String.valueOf(e.norm()),
                    e.space() == null ? "pixel" : e.space(), eps, rel, index, critEps, dist, censored, lower,
                    firedIndicators(e)));
        }
        return out;
    }
}
