package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.Json;

/** dsl-scripts/seed-protocol-small.groovy as it is: the seed's protocol at toy size, claims on the site. */
class SeedProtocolSmallTest {
    @TempDir
    Path dir;

    @Test
    void theSmallSeedProtocolRunsAndEvaluatesEveryChainLink() throws Exception {
        Path script = DslScriptsSmokeTest.home().resolve("dsl-scripts/seed-protocol-small.groovy");
        Path out = dir.resolve("seed-small");
        Cli r = Cli.run("run", script.toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Map<String, Object> study = Json.readMap(out.resolve("study.json"));
        assertEquals("complete", study.get("status"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attacks = (List<Map<String, Object>>) study.get("attacks");
        assertEquals(15, attacks.size(), "three attacks on five models");
        assertTrue(attacks.stream().allMatch(a -> "model".equals(a.get("space")) && "bisect".equals(a.get("mode"))), attacks.toString());
        List<List<String>> claims = CsvTables.rows(out.resolve("analyses/compare/claims.csv"));
        assertEquals(3 * 3 + 8 + 6, claims.size(), "one row per chain link");
        assertEquals(List.of("powerlaw.cifar.alpha", "powerlaw.cifar.alpha", "powerlaw.noise.alpha", "landscape.roughness",
                "landscape.rangeRoughness", "powerlaw.cifar.alpha"), claims.subList(17, 23).stream().map(c -> c.get(2)).toList(),
                "claims on the spectra and the landscape");
        assertEquals(List.of("specreg", "within", "[0.9, 1.1]"), claims.get(22).subList(4, 7), "a band claim on one model");
        assertTrue(claims.stream().allMatch(c -> List.of("holds", "differs", "undecided").contains(c.get(10))), claims.toString());
        List<List<String>> metrics = CsvTables.rows(out.resolve("analyses/compare/metrics.csv"));
        for (String input : List.of("cifar", "noise")) {
            assertEquals(5, metrics.stream().filter(m -> m.get(1).equals("powerlaw." + input + ".alpha")).count(),
                    "α of every trained model on " + input + " with the powerlaw analyzer's interval");
        }
        Map<String, Object> bn = Json.readMap(out.resolve("models/specreg/model.json"));
        assertTrue(bn.containsKey("batchNorm") && ((Map<?, ?>) bn.get("arrays")).containsKey("bn_running_var"));
        assertEquals(Map.of("type", "lp_normalize", "p", 3.0), Json.readMap(out.resolve("models/bp/model.json")).get("preprocess"));
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("<h2>Claims</h2>"), "Claims section on the site");
        // every attack's indicators of attack failure, in a file, in the manifest and on the site
        for (Map<String, Object> a : attacks) {
            Map<?, ?> ind = (Map<?, ?>) a.get("indicators");
            assertTrue(ind != null && Files.isRegularFile(out.resolve(String.valueOf(ind.get("file")))), a.toString());
            Map<String, Object> d = Json.readMap(out.resolve(String.valueOf(ind.get("file"))));
            assertEquals(ind.get("fired"), d.get("fired"));
            assertEquals(5, ((Map<?, ?>) d.get("indicators")).size());
        }
        assertTrue(html.contains("Indicators of attack failure"), "indicator table on the site");
    }
}
