package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Param;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.results.manifest.AnalysisEntry;
import org.robustlab.core.results.manifest.StudyManifest;
import org.robustlab.core.study.StudyFailedException;
import org.robustlab.core.study.StudyRunner;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;
import org.robustlab.site.SiteGenerator;

/**
 * The runner's side of site views: an analyzer's declared views are recorded in study.json (typed), checked against
 * the files it wrote (a view of a file it did not write fails the step, naming the file), recorded again when the
 * step is reused, and the site shows them.
 */
class SiteViewContractTest {
    @TempDir
    Path dir;

    /** Writes a lines CSV; with {@code lie: true} also declares a file it never writes. */
    public static final class CurveAnalyzer implements Analyzer {
        @Param(description = "declare a file that is not written")
        boolean lie = false;

        @Override
        public String name() {
            return "curve";
        }

        @Override
        public String description() {
            return "test analyzer with a lines view";
        }

        @Override
        public List<SiteView> views(AnalysisRequest request) {
            SiteView curve = SiteView.of(SiteView.LINES, "Accuracy by model count", "analyses/curve/curve.csv");
            return lie ? List.of(curve, SiteView.of(SiteView.TABLE, "Never written", "analyses/curve/missing.csv"))
                    : List.of(curve);
        }

        @Override
        public Map<String, Object> analyze(AnalysisRequest request, StudyContext context) {
            context.files().writeCsv("analyses/curve/curve.csv", List.of("models", "value"),
                    List.of(List.of(1, 0.5), List.of(2, 0.25)));
            return Map.of("models", request.models().size());
        }
    }

    private Path run(String analyze, boolean expectFailure) throws Exception {
        try (PluginHost host = PluginHost.load(List.of(DslScriptsSmokeTest.plugins()))) {
            host.registry().register(CurveAnalyzer.class, "test-views", "1.0.0");
            StudySpec spec = new StudyScriptLoader(host.registry()).loadInline("data sample(train: 100, test: 50);"
                    + " encoder mlp(hidden: 8, epochs: 1); analyze " + analyze);
            Path out = dir.resolve("views");
            StudyRunner runner = new StudyRunner(host.registry(), new PrintStream(OutputStream.nullOutputStream()))
                    .onFinished(SiteGenerator::generate);
            if (expectFailure) {
                StudyFailedException e = assertThrows(StudyFailedException.class, () -> runner.run(spec, out, dir));
                assertTrue(e.getMessage().contains("analyses/curve/missing.csv") && e.getMessage().contains("did not write"),
                        e.getMessage());
            } else {
                runner.run(spec, out, dir);
            }
            return out;
        }
    }

    @Test
    void declaredViewsAreRecordedReusedAndShown() throws Exception {
        Path out = run("curve", false);
        AnalysisEntry entry = StudyManifest.read(out).analyses.get(0);
        assertEquals(List.of(SiteView.of(SiteView.LINES, "Accuracy by model count", "analyses/curve/curve.csv")), entry.views());
        assertNull(entry.reused());
        String html = Files.readString(out.resolve("site/index.html"));
        assertTrue(html.contains("<h3>Accuracy by model count</h3>") && html.contains("class=\"plot view-lines\""), "on the site");

        Path again = run("curve", false);
        AnalysisEntry reused = StudyManifest.read(again).analyses.get(0);
        assertEquals(Boolean.TRUE, reused.reused(), "the finished analysis is reused");
        assertEquals(entry.views(), reused.views(), "and its views recorded again");
        assertTrue(entry.seconds() != null && entry.seconds() > 0, "the step's compute time");
        assertEquals(entry.seconds(), reused.seconds(), "a reused step keeps the compute time it cost");
    }

    @Test
    void aViewOfAFileTheAnalyzerDidNotWriteFailsTheStepNamingTheFile() throws Exception {
        Path out = run("curve(lie: true)", true);
        StudyManifest study = StudyManifest.read(out);
        assertEquals("failed", study.status);
        AnalysisEntry entry = study.analyses.get(0);
        assertTrue(entry.error().contains("'Never written'") && entry.error().contains("missing.csv"), entry.error());
        assertNull(entry.stepKey(), "a failed step is not offered for reuse");
        assertTrue(study.models.get(0).cleanAccuracy() != null, "the other steps' results are kept");
    }
}
