package org.robustlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesMarkdownTest {
    @TempDir
    Path dir;

    @Test
    void csvRowsBecomeAMarkdownTableWithRoundedNumbersAndEscapedText() {
        String md = TablesMarkdown.table(List.of(List.of("model", "value", "images", "verdict"),
                List.of("a|b", "0.123456789", "42", "a smoother"), List.of("c", "-1.5E-7", "7", "undecided")));
        assertEquals("| model | value | images | verdict |\n|---|---|---|---|\n| a\\|b | 0.1235 | 42 | a smoother |\n"
                + "| c | -1.500e-07 | 7 | undecided |\n", md);
    }

    @Test
    void powerLawFitsOfFullSpectraOnly() throws Exception {
        Path fits = dir.resolve("fits.json");
        Files.writeString(fits, """
                {"fits": [
                  {"input": "cifar", "subject": "kh", "state": "trained", "scale": false, "first": 11, "last": 500,
                   "alpha": 2.1734, "ciLow": 2.1, "ciHigh": 2.25, "rSquared": 0.9991, "calibrationAlpha": 0.01234},
                  {"input": "cifar", "subject": "kh", "state": "trained", "scale": true, "first": 11, "last": 100,
                   "alpha": 9.9, "ciLow": 9, "ciHigh": 11, "rSquared": 0.5, "calibrationAlpha": 0}
                ]}""");
        assertEquals("| input | subject | state | ranks | α | 95% CI | r² | calibration α |\n|---|---|---|---|---|---|---|---|\n"
                + "| cifar | kh | trained | 11–500 | 2.173 | [2.100, 2.250] | 0.9991 | 0.01234 |\n", TablesMarkdown.powerLawFits(fits));
    }

    @Test
    void perModelMetricsArePivotedToAColumnPerModel() {
        List<List<String>> rows = List.of(TablesMarkdown.METRICS_HEADER,
                List.of("kh", "clean.accuracy", "0.46891", "0.4593", "0.4788"),
                List.of("bp", "clean.accuracy", "0.5545", "0.5448", "0.5642"),
                List.of("kh", "pgd.medianCriticalDistance", "0.1199", "0.11", "0.13"));
        assertEquals("| metric | kh | bp |\n|---|---|---|\n"
                + "| clean.accuracy | 0.4689 [0.4593, 0.4788] | 0.5545 [0.5448, 0.5642] |\n"
                + "| pgd.medianCriticalDistance | 0.1199 [0.1100, 0.1300] | – |\n", TablesMarkdown.byModel(rows));
        assertNull(TablesMarkdown.byModel(List.of(List.of("model", "value"), List.of("kh", "1"))), "not a metrics table");
    }
}
