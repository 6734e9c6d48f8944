package org.robustlab.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.data.DataSpec;
import org.robustlab.core.study.StudySpec;
import org.robustlab.core.testkit.Fixtures;

/** Study scripts become specs; every mistake is one located message (asserted verbatim). */
class StudyScriptLoaderTest {
    private final StudyScriptLoader loader = new StudyScriptLoader(Fixtures.registry());

    private String error(String script) {
        return assertThrows(RobustlabException.class, () -> loader.load(script, "quickstart.groovy")).getMessage();
    }

    @Test
    void designCardOneLinerParses() {
        StudySpec s = loader.load("study { encoder mlp; attack pgd(steps: 10); analyze probe }", "card.groovy");
        assertEquals(1, s.models.size());
        assertEquals("mlp", s.models.get(0).name());
        assertEquals("pgd", s.attacks.get(0).name());
        assertEquals(Map.of("steps", 10), s.attacks.get(0).args());
        assertEquals("probe", s.analyzers.get(0).name());
        assertEquals(DataSpec.sample(), s.data);
    }

    @Test
    void angleBracketFormIsAccepted() {
        StudySpec s = loader.load("study < encoder mlp; attack pgd(steps:10); analyze probe >", "card.groovy");
        assertEquals(10, s.attacks.get(0).args().get("steps"));
    }

    @Test
    void namedModelsBothForms() {
        StudySpec s = loader.load("""
                study('compare') {
                    data cifar10(dir: 'cifar', train: 100, test: 50)
                    seed 7
                    precision 'float64'
                    model 'l2', encoder: mlp(hidden: 20), regularize: l2(1e-3)
                    model('bp') {
                        encoder mlp(hidden: 30)
                    }
                    attack random
                }
                """, "compare.groovy");
        assertEquals("compare", s.name);
        assertEquals(7, s.seed);
        assertEquals(DataType.DOUBLE, s.dataType);
        assertEquals(new DataSpec("cifar10", "cifar", 100, 50), s.data);
        assertEquals(List.of("l2", "bp"), s.models.stream().map(m -> m.name()).toList());
        assertEquals(1e-3, s.models.get(0).regularizers().get(0).positional());
        assertEquals(Map.of("hidden", 30), s.models.get(1).encoder().args());
        assertEquals("(compare.groovy, line 5)", s.models.get(0).where());
    }

    @Test
    void topLevelEncoderWithRegularizerNamesTheModel() {
        StudySpec s = loader.load("study { encoder mlp; regularize l2(lambda: 0.01) }", "x.groovy");
        assertEquals("mlp-l2", s.models.get(0).name());
    }

    @Test
    void inlineBodyIsWrapped() {
        StudySpec s = loader.loadInline("encoder mlp; attack fgsm");
        assertEquals("inline", s.scriptName);
        assertEquals("fgsm", s.attacks.get(0).name());
        assertEquals("study < encoder mlp >", loader.loadInline("study < encoder mlp >").scriptText);
    }

    @Test
    void unknownPluginNameFailsAtItsLineWithSuggestion() {
        assertEquals("(quickstart.groovy, line 4) unknown attack 'pgdd'; did you mean 'pgd'? available: fgsm, pgd, random",
                error("study {\n    data sample\n    encoder mlp\n    attack pgdd\n}"));
    }

    @Test
    void missingPluginSaysNotAvailable() {
        assertEquals("(quickstart.groovy, line 1) encoder 'kh' is not available: no loaded plugin provides it; available: mlp",
                error("study < encoder kh; attack pgd(steps:10); analyze spectrum, stir >"));
    }

    @Test
    void unknownParameterListsValidKeys() {
        // an attack's valid keys are its plugin's and the host's sweep keys together
        assertEquals("(quickstart.groovy, line 2) unknown parameter 'stpes' for attack 'pgd'; did you mean 'steps'? valid: steps, norm, "
                + HOST_KEYS,
                error("study { encoder mlp\n attack pgd(stpes: 3) }"));
    }

    @Test
    void badParameterValueNamesTheParameter() {
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': norm = 'l1' is not allowed; choose one of inf, 2",
                error("study { attack pgd(norm: 'l1') }"));
    }

    @Test
    void misspeltKeyword() {
        assertEquals("(quickstart.groovy, line 3) unknown keyword 'atack'; did you mean 'attack'? keywords: name, seed, precision,"
                + " data, encoder, regularize, model, attack, analyze, metrics, claim, sample, cifar10, images",
                error("study {\n encoder mlp\n atack random\n}"));
    }

    @Test
    void strayBareNameIsReported() {
        assertEquals("(quickstart.groovy, line 3) 'random' is not used by any keyword; write it after one of: name, seed,"
                + " precision, data, encoder, regularize, model, attack, analyze, metrics, claim, sample, cifar10, images (e.g. attack random)",
                error("study {\n encoder mlp\n random\n}"));
    }

    @Test
    void syntaxErrorHasLineAndColumn() {
        assertEquals("(quickstart.groovy, line 3, column 12) syntax error: Unexpected input: '='",
                error("study {\n    attack random\n    seed = = 3\n}"));
        assertEquals("(quickstart.groovy, line 2, column 27) syntax error: Unexpected input: 'mlp(hidden: 3 epochs'",
                error("study('x') {\n    encoder mlp(hidden: 3 epochs: 2)\n}"));
    }

    @Test
    void wrongKindIsExplained() {
        assertEquals("(quickstart.groovy, line 1) encoder 'pgd' is not available: no loaded plugin provides it ('pgd' is an attack);"
                + " available: mlp", error("study { encoder pgd }"));
    }

    @Test
    void secondEncoderInOneModel() {
        assertEquals("(quickstart.groovy, line 1) a model has one encoder; it already has 'mlp'. Declare another model with"
                + " model('name') { ... } or model 'name', encoder: ...", error("study { encoder mlp; encoder mlp }"));
    }

    @Test
    void badDataArguments() {
        assertEquals("(quickstart.groovy, line 1) unknown parameter 'trian' for data cifar10; valid: dir, train, test",
                error("study { data cifar10(dir: 'x', trian: 3) }"));
        assertEquals("(quickstart.groovy, line 1) cifar10 needs dir: (a folder of data_batch_N.bin/test_batch.bin, or"
                + " cifar-10-binary.tar.gz)", error("study { data cifar10(train: 3) }"));
    }

    @Test
    void scriptWithoutStudy() {
        assertEquals("(quickstart.groovy) no study { ... } block; a study script declares study { encoder mlp; attack random }",
                error("def x = 1"));
    }

    @Test
    void studyNamesThatAreNotAFolderNameFailAtTheirLine() {
        for (String bad : List.of(".", "..", "/tmp/x", "a/b", "..\\up")) {
            String e = error("\nstudy('" + bad.replace("\\", "\\\\") + "') {\n encoder mlp\n}");
            assertEquals("(quickstart.groovy, line 2) study name '" + bad + "' cannot name a folder: use letters, digits, '.',"
                    + " '_' and '-' (not only dots, no '/' or '\\'), e.g. 'cifar-pgd'", e, bad);
            String inner = error("study {\n encoder mlp\n name '" + bad.replace("\\", "\\\\") + "'\n}");
            assertEquals("(quickstart.groovy, line 3) study name '" + bad + "' cannot name a folder: use letters, digits, '.',"
                    + " '_' and '-' (not only dots, no '/' or '\\'), e.g. 'cifar-pgd'", inner, bad);
        }
        assertEquals("v1.2_final-run", loader.load("study('v1.2_final-run') { encoder mlp }", "s.groovy").name);
    }

    private static final String HOST_KEYS = "epsilons, epsMin, epsMax, epsCount, subset, bisect, tolerance, extend, indicators, indicatorImages, space, box";

    @Test
    void sweepKeysAreCheckedAtTheirLineBeforeAnyTraining() {
        assertEquals("(quickstart.groovy, line 2) unknown parameter 'epsMaxx' for attack 'pgd'; did you mean 'epsMax'? valid: steps,"
                + " norm, " + HOST_KEYS, error("study {\n attack pgd(epsMaxx: 1)\n}"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': epsMin = 1.0 must be smaller than epsMax = 0.5",
                error("study { attack pgd(epsMin: 1, epsMax: 0.5) }"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': epsCount = 1 is out of range; minimum 2 (epsCount (int, default 16):"
                + " points of the log-spaced grid)", error("study { attack pgd(epsCount: 1) }"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': epsMin = -0.1 is out of range; minimum 0 (epsMin (Double, default"
                + " null): smallest ε of the log-spaced grid (default 1e-4 for L2 attacks, 1e-5 for L-inf))",
                error("study { attack pgd(epsMin: -0.1) }"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': epsilons = [0.1, -1.0] holds -1.0; every ε must be a finite"
                + " number >= 0", error("study { attack pgd(epsilons: [0.1, -1]) }"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': bisect expects boolean but got 'yes' (bisect (boolean, default"
                + " false): find each image's critical ε by bisection instead of the full sweep)",
                error("study { attack pgd(bisect: 'yes') }"));
        assertEquals("(quickstart.groovy, line 1) attack 'pgd': subset expects int but got 2.5 (subset (int, default 0): attack"
                + " only the first N test images (0: all))", error("study { attack pgd(subset: 2.5) }"));
        StudySpec ok = loader.load("study { attack pgd(steps: 3, epsMin: 0.01, epsMax: 1, epsCount: 5, subset: 10, bisect: true) }",
                "ok.groovy");
        assertEquals(0.01, ok.attacks.get(0).args().get("epsMin"));
    }
}
