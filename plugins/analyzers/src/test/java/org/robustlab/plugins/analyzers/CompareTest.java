package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.AttackOutcome;
import org.robustlab.api.Claim;
import org.robustlab.api.Dataset;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.params.Params;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.testkit.Python;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.plugins.encoders.MlpEncoder;

class CompareTest {
    @TempDir
    Path dir;

    /** Runs compare with {@code bootstrap} resamples and returns the rows of its claims.csv. */
    private List<List<String>> claimRows(Map<String, TrainedModel> models, Dataset data, List<AttackOutcome> outcomes,
                                         List<Claim> claims, int bootstrap, org.robustlab.api.StudyContext ctx) throws Exception {
        CompareAnalyzer compare = new CompareAnalyzer();
        Params.bind(compare, "compare", Map.of("bootstrap", bootstrap), null);
        compare.analyze(new AnalysisRequest(models, data, data, outcomes, claims), ctx);
        return CsvTables.rows(dir.resolve("analyses/compare/claims.csv"));
    }

    private static int[] ones(int n) {
        int[] c = new int[n];
        Arrays.fill(c, 1);
        return c;
    }

    @Test
    void medianOfTheFlippedImagesWithMultiplicities() {
        // images at test positions 0..4, distances 5, 1, 4, 2, 3; position 2 censored
        RobustnessStatistics st = new RobustnessStatistics(new int[]{0, 1, 2, 3, 4}, new double[]{5, 1, 4, 2, 3},
                new boolean[]{false, false, true, false, false}, new double[]{5, 1, 4, 2, 3}, new double[]{1, 2, 3, 4, 5});
        assertEquals(2.5, st.medianDropCensored(ones(5)), 0, "median of {1, 2, 3, 5}");
        // resample: position 0 twice, 1 three times, others once: {1,1,1,2,3,5,5} → 2
        assertEquals(2.0, st.medianDropCensored(new int[]{2, 3, 1, 1, 1}), 0);
        assertEquals(Double.NaN, st.medianDropCensored(new int[]{0, 0, 1, 0, 0}), "only a censored image");
    }

    @Test
    void kaplanMeierMedianByHand() {
        // distances 1, 2, 3 (censored), 4, 5, 6: S(1) = 5/6, S(2) = 4/6, at 3 one leaves censored (3 at risk),
        // S(4) = 4/6 · 2/3 = 4/9 ≤ ½ → median 4; dropping the censored image instead gives median of {1,2,4,5,6} = 4 too,
        // so censor two: distances 1, 2c, 3c, 4, 5, 6: S(1) = 5/6; 3 at risk at 4: S = 5/6 · 2/3 = 5/9; S(5) = 5/9 · 1/2 ≤ ½
        RobustnessStatistics st = new RobustnessStatistics(new int[]{0, 1, 2, 3, 4, 5}, new double[]{1, 2, 3, 4, 5, 6},
                new boolean[]{false, true, true, false, false, false}, new double[]{1, 2, 3, 4, 5, 6}, new double[]{1, 6});
        assertEquals(5.0, st.medianKaplanMeier(ones(6)), 0);
        assertEquals(4.5, st.medianDropCensored(ones(6)), 0, "the seed's drop rule: median of {1, 4, 5, 6}");
        RobustnessStatistics never = new RobustnessStatistics(new int[]{0, 1, 2}, new double[]{1, 2, 3},
                new boolean[]{false, true, true}, new double[]{1, 2, 3}, new double[]{1, 3});
        assertEquals(Double.POSITIVE_INFINITY, never.medianKaplanMeier(ones(3)), "2 of 3 never flip: S stays at 2/3");
    }

    @Test
    void areaUnderTheRelativeAccuracyCurveByHand() {
        double[] grid = {0.01, 0.1, 1};
        // image 0 flips at 0.1 (survives grid point 0 only), image 1 at 0.01 (none), image 2 never (all)
        RobustnessStatistics st = new RobustnessStatistics(new int[]{0, 1, 2}, new double[]{0.5, 0.1, 9},
                new boolean[]{false, false, true}, new double[]{0.1, 0.01, 1}, grid);
        // relative accuracy at the grid: 2/3, 1/3, 1/3; trapezoids over log10 ε (unit steps) / range 2
        assertEquals(((2.0 / 3 + 1.0 / 3) / 2 + (1.0 / 3 + 1.0 / 3) / 2) / 2, st.auc(ones(3)), 1e-15);
    }

    @Test
    void percentileIntervalsMatchNumpy() throws Exception {
        double[] v = new Random(3).doubles(37).map(x -> x * 10).toArray();
        double[] ci = Bootstrap.percentile(v, 0.95);
        org.junit.jupiter.api.Assumptions.assumeTrue(Python.hasNumpy(), "skipped: python3 with numpy not installed");
        Path script = dir.resolve("p.py");
        Files.writeString(script, "import numpy as np, sys\nv = np.array([float(x) for x in sys.argv[2].split(',')])\n"
                + "np.savetxt(sys.argv[1], np.percentile(v, [2.5, 97.5]))\n");
        Path outFile = dir.resolve("ci.txt");
        assertTrue(Python.run(script.toString(), outFile.toString(),
                String.join(",", Arrays.stream(v).mapToObj(Double::toString).toList())));
        double[] np = Files.readAllLines(outFile).stream().mapToDouble(Double::parseDouble).toArray();
        assertArrayEquals(np, ci, 1e-12);
    }

    /**
     * Both censoring rules in one run: 'stubborn' flips 40% of its images early (distance 0.05) and never the rest,
     * 'steady' flips every image at 0.1. Dropping never-flipped images (the seed) calls 'steady' more robust; Kaplan-Meier,
     * which counts them as surviving past the grid, calls 'stubborn' more robust.
     */
    @Test
    void bothCensoringRulesAreMetricsOfTheirOwn() throws Exception {
        Dataset data = org.robustlab.testkit.TestImages.blobs(200, 4);
        var ctx = TestContexts.quiet(3, DataType.FLOAT, dir);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        for (String name : List.of("stubborn", "steady")) {
            MlpEncoder e = new MlpEncoder();
            Params.bind(e, "mlp", Map.of("hidden", 8, "epochs", 2, "batch", 50), null);
            models.put(name, e.train(name, data, List.of(), ctx));
        }
        int n = data.size();
        double[] grid = {0.01, 0.03, 0.1, 0.3, 1, 3};
        int[] index = java.util.stream.IntStream.range(0, n).toArray();
        boolean[] censored = new boolean[n];
        double[] stubbornDist = new double[n];
        for (int i = 0; i < n; i++) {
            censored[i] = i % 5 >= 2; // 60% never flipped: Kaplan-Meier's survival stays above one half
            stubbornDist[i] = censored[i] ? 3 : 0.05;
        }
        double[] steadyDist = new double[n];
        Arrays.fill(steadyDist, 0.1);
        List<AttackOutcome> outcomes = List.of(
                new AttackOutcome("stubborn", "pgd", "inf", "pixel", grid, new double[grid.length], index, stubbornDist.clone(),
                        stubbornDist, censored),
                new AttackOutcome("steady", "pgd", "inf", "pixel", grid, new double[grid.length], index, steadyDist.clone(),
                        steadyDist, new boolean[n]));
        List<Claim> claims = List.of(
                new Claim("seed rule", "steady > stubborn", "pgd.medianCriticalDistanceDrop", "(s, line 3)"),
                new Claim("Kaplan-Meier", "stubborn > steady", "pgd.medianCriticalDistanceKM", "(s, line 4)"),
                new Claim("the configured rule (drop)", "steady > stubborn", "pgd.medianCriticalDistance", "(s, line 5)"));
        List<List<String>> rows = claimRows(models, data, outcomes, claims, 200, ctx);
        assertEquals(List.of("holds", "holds", "holds"), rows.stream().map(r -> r.get(10)).toList(), rows.toString());
        List<List<String>> metrics = CsvTables.rows(dir.resolve("analyses/compare/metrics.csv"));
        Map<String, String> stubborn = new LinkedHashMap<>();
        for (List<String> r : metrics) {
            if (r.get(0).equals("stubborn")) {
                stubborn.put(r.get(1), r.get(2));
            }
        }
        assertEquals(0.05, Double.parseDouble(stubborn.get("pgd.medianCriticalDistanceDrop")), 1e-12);
        assertEquals(0.05, Double.parseDouble(stubborn.get("pgd.medianCriticalDistance")), 1e-12);
        assertTrue(Double.parseDouble(stubborn.get("pgd.medianCriticalDistanceKM")) > 3, "beyond the grid: " + stubborn);
    }

    /** Two trained MLPs, attack outcomes where 'tough' flips at ten times the distance of 'weak', and 'twin' = 'weak'. */
    @Test
    void claimsAreHoldsDiffersOrUndecidedByTheIntervalOfTheDifference() throws Exception {
        Dataset data = org.robustlab.testkit.TestImages.blobs(200, 4);
        var ctx = TestContexts.quiet(3, DataType.FLOAT, dir);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        for (String name : List.of("tough", "weak", "twin")) {
            MlpEncoder e = new MlpEncoder();
            Params.bind(e, "mlp", Map.of("hidden", 8, "epochs", 2, "batch", 50), null);
            models.put(name, e.train(name, data, List.of(), ctx));
        }
        Random rng = new Random(5);
        int n = data.size();
        double[] grid = {0.01, 0.03, 0.1, 0.3, 1, 3};
        List<AttackOutcome> outcomes = new java.util.ArrayList<>();
        double[] base = rng.doubles(n).map(x -> 0.02 + 0.2 * x).toArray();
        for (String name : models.keySet()) {
            int[] index = java.util.stream.IntStream.range(0, n).toArray();
            double scale = name.equals("tough") ? 10 : 1;
            double[] dist = Arrays.stream(base).map(x -> x * scale).toArray();
            double[] eps = Arrays.stream(dist).map(d -> Arrays.stream(grid).filter(g -> g >= d).findFirst().orElse(3)).toArray();
            outcomes.add(new AttackOutcome(name, "pgd", "inf", "pixel", grid, new double[grid.length], index, eps, dist,
                    new boolean[n]));
            // the same numbers under an attack whose failure indicators fired on 'tough'
            outcomes.add(new AttackOutcome(name, "weakpgd", "inf", "pixel", grid, new double[grid.length], index, eps, dist,
                    new boolean[n], new double[n], name.equals("tough") ? List.of("unboundedSuccess", "gradients") : List.of()));
        }
        List<Claim> claims = List.of(new Claim("tough most robust", "tough > weak", "pgd.medianCriticalDistance", "(s, line 3)"),
                new Claim("backwards", "weak > tough", "pgd.medianCriticalDistance", "(s, line 4)"),
                new Claim("chain", "tough > weak > twin", "pgd.auc", "(s, line 5)"),
                new Claim("masked", "tough > weak", "weakpgd.medianCriticalDistance", "(s, line 6)"),
                new Claim("masked, other pair", "weak < twin", "weakpgd.auc", "(s, line 7)"));
        List<List<String>> rows = claimRows(models, data, outcomes, claims, 300, ctx);
        assertEquals(6, rows.size(), "one row per chain link");
        assertEquals(List.of("tough > weak", "holds"), List.of(rows.get(0).get(3), rows.get(0).get(10)));
        assertEquals(List.of("weak > tough", "differs"), List.of(rows.get(1).get(3), rows.get(1).get(10)));
        assertEquals(List.of("tough > weak", "holds"), List.of(rows.get(2).get(3), rows.get(2).get(10)));
        assertEquals(List.of("weak > twin", "undecided"), List.of(rows.get(3).get(3), rows.get(3).get(10)),
                "identical outcomes: the difference is exactly 0 in every resample");
        Map<String, Object> json = org.robustlab.core.results.Json.readMap(dir.resolve("analyses/compare/claims.json"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cj = (List<Map<String, Object>>) json.get("claims");
        // the interval alone says holds (same numbers as under pgd), but the attack failed on 'tough'
        assertEquals(List.of("tough > weak", "undecided", "tough: unboundedSuccess, gradients"),
                List.of(rows.get(4).get(3), rows.get(4).get(10), rows.get(4).get(11)));
        assertEquals(List.of("weak < twin", "undecided", ""), List.of(rows.get(5).get(3), rows.get(5).get(10), rows.get(5).get(11)),
                "neither model's indicators fired: the interval decides (here: identical, so undecided)");
        assertEquals(List.of("holds", "differs", "undecided", "undecided", "undecided"),
                cj.stream().map(c -> c.get("verdict")).toList());
        @SuppressWarnings("unchecked")
        Map<String, Object> masked = ((List<Map<String, Object>>) cj.get(3).get("links")).get(0);
        assertEquals("holds", masked.get("verdictIgnoringAttackFailure"));
        List<List<String>> metrics = CsvTables.rows(dir.resolve("analyses/compare/metrics.csv"));
        assertEquals(3 * 9, metrics.size(), "clean accuracy, and under two attacks the median distance (the configured rule,"
                + " dropping censored images, Kaplan-Meier) and AUC, for three models");
        for (List<String> m : metrics) {
            double v = Double.parseDouble(m.get(2));
            assertTrue(Double.parseDouble(m.get(3)) <= v + 1e-12 && v <= Double.parseDouble(m.get(4)) + 1e-12, "point inside its CI: " + m);
        }
    }

    /**
     * A band claim on one model ({@code within: [low, high]}) holds when the model's interval lies in the band, differs
     * when it lies wholly outside, and is undecided when the band cuts it; the row carries the model's value and the
     * same interval as metrics.csv.
     */
    @Test
    void bandClaimsCompareTheModelsIntervalWithTheBand() throws Exception {
        Dataset data = org.robustlab.testkit.TestImages.blobs(200, 4);
        var ctx = TestContexts.quiet(3, DataType.FLOAT, dir);
        MlpEncoder e = new MlpEncoder();
        Params.bind(e, "mlp", Map.of("hidden", 8, "epochs", 2, "batch", 50), null);
        Map<String, TrainedModel> models = Map.of("m", e.train("m", data, List.of(), ctx));
        int n = data.size();
        double[] grid = {0.01, 0.03, 0.1, 0.3, 1, 3};
        double[] dist = new Random(5).doubles(n).map(x -> 0.2 + 2 * x).toArray();
        double[] eps = Arrays.stream(dist).map(d -> Arrays.stream(grid).filter(g -> g >= d).findFirst().orElse(3)).toArray();
        List<AttackOutcome> outcomes = List.of(new AttackOutcome("m", "pgd", "inf", "pixel", grid, new double[grid.length],
                java.util.stream.IntStream.range(0, n).toArray(), eps, dist, new boolean[n]));
        claimRows(models, data, outcomes, List.of(), 300, ctx);
        List<String> row = CsvTables.rows(dir.resolve("analyses/compare/metrics.csv")).stream()
                .filter(r -> r.get(1).equals("pgd.medianCriticalDistance")).findFirst().orElseThrow();
        double value = Double.parseDouble(row.get(2));
        double lo = Double.parseDouble(row.get(3));
        double hi = Double.parseDouble(row.get(4));
        assertTrue(lo < value && value < hi, row.toString());
        List<Claim> claims = List.of(
                new Claim("inside", "m", "pgd.medianCriticalDistance", "(s, line 1)", new double[]{lo - 1, hi + 1}),
                new Claim("outside", "m", "pgd.medianCriticalDistance", "(s, line 2)", new double[]{hi + 1, hi + 2}),
                new Claim("cut", "m", "pgd.medianCriticalDistance", "(s, line 3)", new double[]{value, hi + 1}));
        List<List<String>> rows = claimRows(models, data, outcomes, claims, 300, ctx);
        assertEquals(List.of("holds", "differs", "undecided"), rows.stream().map(r -> r.get(10)).toList(), rows.toString());
        for (List<String> r : rows) {
            assertEquals(List.of("m", "within"), r.subList(4, 6));
            assertEquals(value, Double.parseDouble(r.get(7)), 1e-12);
            assertEquals(lo, Double.parseDouble(r.get(8)), 1e-12);
            assertEquals(hi, Double.parseDouble(r.get(9)), 1e-12);
        }
        assertEquals("m within [" + (lo - 1) + ", " + (hi + 1) + "]", rows.get(0).get(3));

        // "about equal": the interval of a − b in the band; here b is a's twin, so a − b is 0 in every resample
        Map<String, TrainedModel> twins = new LinkedHashMap<>(models);
        twins.put("twin", models.get("m"));
        List<AttackOutcome> both = new java.util.ArrayList<>(outcomes);
        both.add(new AttackOutcome("twin", "pgd", "inf", "pixel", grid, new double[grid.length],
                java.util.stream.IntStream.range(0, n).toArray(), eps, dist, new boolean[n]));
        List<List<String>> about = claimRows(twins, data, both, List.of(
                new Claim("about equal", "m ~ twin", "pgd.medianCriticalDistance", "(s, line 4)", new double[]{-0.01, 0.01}),
                new Claim("not about 1 apart", "m ~ twin", "pgd.medianCriticalDistance", "(s, line 5)", new double[]{0.5, 1.5})),
                300, ctx);
        assertEquals(List.of("holds", "differs"), about.stream().map(r -> r.get(10)).toList(), about.toString());
        assertEquals(List.of("m ~ twin within [-0.01, 0.01]", "m", "~", "twin", "0.0", "0.0", "0.0"),
                about.get(0).subList(3, 10), about.toString());
    }
}
