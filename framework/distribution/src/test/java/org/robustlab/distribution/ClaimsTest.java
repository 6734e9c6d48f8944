package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.CsvTables;

/** {@code claim} lines in a script, evaluated by the compare analyzer, in claims.csv and at the top of the site. */
class ClaimsTest {
    @TempDir
    Path dir;

    private static final String MODELS = "data sample(train: 300, test: 150); seed 2;"
            + " model('wide') { encoder mlp(hidden: 64, epochs: 6, batch: 50) };"
            + " model('narrow') { encoder mlp(hidden: 32, epochs: 2, batch: 50) };"
            + " attack fgsm(epsilons: [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1], extend: false);";

    @Test
    void claimsGetOneRowPerLinkAndASectionOnTheSite() throws Exception {
        Path out = dir.resolve("claims");
        Cli r = Cli.run("run", "-e", MODELS + " analyze compare(bootstrap: 200);"
                + " claim 'the wide model is more accurate', 'wide > narrow', on: 'clean.accuracy';"
                + " claim 'robustness ordering', 'wide > narrow', on: 'fgsm.medianCriticalDistance';"
                + " claim 'both ways', 'narrow < wide', on: 'fgsm.auc'", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> header = CsvTables.header(out.resolve("analyses/compare/claims.csv"));
        assertEquals(List.of("claim", "chain", "metric", "link", "a", "relation", "b", "difference_a_minus_b", "ci_low", "ci_high",
                "verdict", "attack_failure"), header);
        List<List<String>> rows = CsvTables.rows(out.resolve("analyses/compare/claims.csv"));
        assertEquals(3, rows.size(), "one row per chain link");
        for (List<String> row : rows) {
            assertTrue(List.of("holds", "differs", "undecided").contains(row.get(10)), row.toString());
            double d = Double.parseDouble(row.get(7));
            double lo = Double.parseDouble(row.get(8));
            double hi = Double.parseDouble(row.get(9));
            String expected = lo > 0 && hi > 0 ? (row.get(5).equals(">") ? "holds" : "differs")
                    : lo < 0 && hi < 0 ? (row.get(5).equals(">") ? "differs" : "holds") : "undecided";
            assertEquals(expected, row.get(10), "verdict follows the interval: " + row);
            assertTrue(Double.isFinite(d), row.toString());
        }
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("<h2>Claims</h2>") && html.indexOf("<h2>Claims</h2>") < html.indexOf("id=\"overview\""),
                "the Claims section comes first");
        assertTrue(html.contains("the wide model is more accurate"));
    }

    @Test
    void badClaimsFailAtTheirLineBeforeAnyTraining() {
        Cli noCompare = Cli.run("run", "-e", MODELS + "\nclaim 'x', 'wide > narrow', on: 'clean.accuracy'", "--out",
                dir.resolve("a").toString());
        assertEquals(2, noCompare.exit());
        assertEquals("error: (inline, line 2) claim 'x' is evaluated by the compare analyzer; add analyze compare\n", noCompare.err());
        Cli unknownModel = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide > kh', on: 'clean.accuracy'",
                "--out", dir.resolve("b").toString());
        assertEquals("error: (inline, line 2) claim 'x' names model 'kh', which the study does not declare; models: narrow, wide\n",
                unknownModel.err());
        Cli badMetric = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide > narrow', on: 'pgd.median'",
                "--out", dir.resolve("c").toString());
        assertEquals("error: (inline, line 2) claim 'x': on: 'pgd.median' is not a metric; use clean.accuracy or"
                + " <attack>.medianCriticalDistance / <attack>.auc / <attack>.medianCriticalDistanceDrop /"
                + " <attack>.medianCriticalDistanceKM with an attack of the study (fgsm), powerlaw.<input>.alpha (input cifar"
                + " or noise), powerlaw.<input>.rSquared, landscape.roughness or landscape.rangeRoughness\n", badMetric.err());
        Cli analyzerMissing = Cli.run("run", "-e", MODELS + " analyze compare, powerlaw\nclaim 'x', 'wide > narrow', on:"
                + " 'powerlaw.cifar.alpha'", "--out", dir.resolve("e").toString());
        assertEquals("error: (inline, line 2) claim 'x': on: 'powerlaw.cifar.alpha' is estimated by the powerlaw analyzer; list"
                + " it before compare (analyze powerlaw, compare)\n", analyzerMissing.err());
        Cli badChain = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide >> narrow', on: 'clean.accuracy'",
                "--out", dir.resolve("d").toString());
        assertEquals("error: (inline, line 2) claim 'x': chain 'wide >> narrow' must be model names joined by > or <, e.g."
                + " 'kh > l2 > bp'\n", badChain.err());
        Cli badBand = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide', on: 'clean.accuracy', within: [1, 0.5]",
                "--out", dir.resolve("f").toString());
        assertEquals("error: (inline, line 2) claim 'x': within: must be [low, high] with low < high, e.g. within: [0.9, 1.1];"
                + " got [1, 0.5]\n", badBand.err());
        Cli bandOnAChain = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide > narrow', on: 'clean.accuracy',"
                + " within: [0.5, 1]", "--out", dir.resolve("g").toString());
        assertEquals("error: (inline, line 2) claim 'x': with within: the claim names one model ('specreg') or two joined by ~"
                + " ('bp ~ specreg'), not 'wide > narrow'\n", bandOnAChain.err());
        Cli aboutWithoutBand = Cli.run("run", "-e", MODELS + " analyze compare\nclaim 'x', 'wide ~ narrow', on: 'clean.accuracy'",
                "--out", dir.resolve("h").toString());
        assertEquals("error: (inline, line 2) claim 'x': 'wide ~ narrow' (about equal) needs within: [low, high], the band the"
                + " difference must lie in\n", aboutWithoutBand.err());
        assertTrue(!Files.exists(dir.resolve("a/models")), "nothing trained");
    }
}
