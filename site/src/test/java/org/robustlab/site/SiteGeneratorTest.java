package org.robustlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.FileNames;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.Npy;

class SiteGeneratorTest {
    static final String XSS = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private void write(String rel, Object json) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, Json.bytes(json));
    }

    private void npy(String rel, Object array) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, Npy.toBytes(array instanceof double[][] d ? Nd4j.createFromArray(d) : Nd4j.createFromArray((int[][]) array)));
    }

    private void study(boolean withAnalyses) throws Exception {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", XSS);
        model.put("folder", "models/" + FileNames.of(XSS));
        model.put("encoder", Map.of("name", "mlp", "params", Map.of("hidden", 8)));
        model.put("cleanAccuracy", 0.5);
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("name", "t<b>x</b>");
        study.put("status", "complete");
        study.put("seed", 1);
        study.put("models", List.of(model));
        study.put("script", Map.of("name", "a.groovy", "text", "model '" + XSS + "', encoder: mlp"));
        if (withAnalyses) { // the views the built-in analyzers declare, as the runner records them
            study.put("analyses", List.of(analysis("spectrum", "spectra", "analyses/spectrum/spectra.json"),
                    analysis("powerlaw", "power-law-fits", "analyses/powerlaw/fits.json"),
                    analysis("landscape", "landscape", "analyses/landscape/landscape.json"),
                    analysis("cka", "cka", "analyses/cka/cka.json")));
        }
        write("study.json", study);
        if (!withAnalyses) {
            return;
        }
        write("analyses/spectrum/spectra.json", Map.of("inputs", List.of("cifar", "noise"), "curves", List.of(
                Map.of("input", "cifar", "subject", XSS, "state", "trained", "units", 8, "scale", false,
                        "rank", List.of(1, 2, 4, 8), "normalised", List.of(1.0, 0.5, 0.25, 0.125)))));
        write("analyses/powerlaw/fits.json", Map.of("fits", List.of(Map.ofEntries(Map.entry("input", "cifar"),
                Map.entry("subject", XSS), Map.entry("state", "trained"), Map.entry("scale", false), Map.entry("alpha", 1.0),
                Map.entry("stdError", 0.01), Map.entry("rSquared", 0.99), Map.entry("first", 1), Map.entry("last", 8),
                Map.entry("intercept", 0.0), Map.entry("alphaWeighted", 1.0), Map.entry("stdErrorWeighted", 0.01),
                Map.entry("ciLow", 0.9), Map.entry("ciHigh", 1.1), Map.entry("calibrationAlpha", 0.1), Map.entry("poorFit", false)))));
        double[][] jac = new double[5][5];
        int[][] cls = new int[5][5];
        double[][] conf = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                jac[i][j] = 1 + i * j;
                cls[i][j] = (i + j) % 3;
                conf[i][j] = 0.5 + 0.1 * i;
            }
        }
        String f = "analyses/landscape/" + FileNames.of(XSS) + "/";
        npy(f + "jacobian.npy", jac);
        npy(f + "class.npy", cls);
        npy(f + "confidence.npy", conf);
        write("analyses/landscape/landscape.json", Map.of("axis", List.of(-2.0, -1.0, 0.0, 1.0, 2.0), "classNames", List.of("a", "b", "c"),
                "className", "a", "image", 3, "models", List.of(Map.of("name", XSS, "jacobian", f + "jacobian.npy",
                        "class", f + "class.npy", "confidence", f + "confidence.npy"))));
        write("analyses/cka/cka.json", Map.of("models", List.of(XSS), "linear", List.of(List.of(1.0)), "unbiased", List.of(List.of(1.0))));
    }

    static Map<String, Object> analysis(String name, String kind, String... files) {
        return Map.of("name", name, "views", List.of(Map.of("kind", kind, "title", name, "files", List.of(files))));
    }

    @Test
    void userStringsAreEscapedAndAbsentSectionsHidden() throws Exception {
        study(false);
        String html = Files.readString(SiteGenerator.generate(dir).resolve("index.html"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "model name shown as text");
        assertFalse(html.contains(XSS), "raw markup from a model name");
        assertFalse(html.contains("<b>x</b>"), "raw markup from the study name");
        assertFalse(html.contains("id=\"spectra\""), "no spectra section without spectra");
        assertFalse(html.contains("id=\"landscapes\""));
        assertFalse(html.contains("id=\"similarity\""));
        assertTrue(Files.exists(dir.resolve("site/assets/plotly.min.js")));
    }

    @Test
    void analysisSectionsAndFiguresAppearWithTheirData() throws Exception {
        study(true);
        Path site = SiteGenerator.generate(dir);
        String html = Files.readString(site.resolve("index.html"));
        assertFalse(html.contains(XSS));
        for (String id : List.of("spectra", "landscapes", "similarity", "figures")) {
            assertTrue(html.contains("id=\"" + id + "\""), id);
        }
        assertTrue(html.contains("1.000 ± 0.010"), "fit table");
        String base = "landscape-" + FileNames.of(XSS);
        for (String fig : List.of("spectra-cifar", base + "-jacobian", base + "-decision")) {
            assertTrue(Files.size(site.resolve("figures/" + fig + ".png")) > 1000, fig);
            assertTrue(Files.readString(site.resolve("figures/" + fig + ".svg")).contains("<svg"), fig);
        }
    }

    @Test
    void headlessSurfaceRenderIsANonBlankImageOfTheRequestedSize() throws Exception {
        study(true);
        LandscapeData data = LandscapeData.read(dir);
        Path png = dir.resolve("out/surface.png");
        SurfaceCharts.png(SurfaceCharts.jacobian(data, data.model(null)), 640, 480, png);
        org.robustlab.core.testkit.Images.assertDrawn(png, 640, 480);
    }

    /** The height axis of both 3D figures spans every value of the plane, not only the heights near its centre. */
    @Test
    void surfaceHeightAxesSpanTheWholePlane() throws Exception {
        study(true);
        LandscapeData data = LandscapeData.read(dir);
        LandscapeData.Surface s = data.model(null);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double[] row : s.jacobian()) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertTrue(max > min, "a landscape with some variation");
        org.jfree.chart3d.data.Range jacobian = ((org.jfree.chart3d.plot.XYZPlot) SurfaceCharts.jacobian(data, s).getPlot())
                .getYAxis().getRange();
        assertTrue(jacobian.getMin() <= min && jacobian.getMax() >= max, jacobian + " against data [" + min + ", " + max + "]");
        org.jfree.chart3d.data.Range decision = ((org.jfree.chart3d.plot.XYZPlot) SurfaceCharts.decision(data, s).getPlot())
                .getYAxis().getRange();
        double top = 0;
        for (int i = 0; i < s.predicted().length; i++) {
            for (int j = 0; j < s.predicted()[i].length; j++) {
                top = Math.max(top, s.predicted()[i][j] + s.confidence()[i][j]);
            }
        }
        assertTrue(decision.getMin() <= 0 && decision.getMax() >= top, decision + " against heights up to " + top);
    }
}
