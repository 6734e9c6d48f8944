package org.robustlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.Json;

/**
 * The site renders what extensions declare (kind + files in study.json), not what it knows of built-in plugins: a
 * third-party analysis's table, line plot and images appear; a built-in file nobody declared does not; an unknown
 * kind or a missing file is listed as skipped with the reason.
 */
class DeclaredViewsTest {
    @TempDir
    Path dir;

    private void file(String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private String site(List<Map<String, Object>> analyses) throws Exception {
        Map<String, Object> study = new LinkedHashMap<>();
        study.put("name", "views");
        study.put("status", "complete");
        study.put("analyses", analyses);
        Files.write(dir.resolve("study.json"), Json.bytes(study));
        List<String> skipped = new ArrayList<>();
        Path site = SiteGenerator.generate(dir, skipped::add);
        String html = Files.readString(site.resolve("index.html"));
        return html + "\nSKIPPED:" + String.join("\n", skipped);
    }

    /** The JSON the page's script draws from. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plotData(String html) throws Exception {
        String open = "<script type=\"application/json\" id=\"study-data\">";
        int from = html.indexOf(open) + open.length();
        return Json.MAPPER.readValue(html.substring(from, html.indexOf("</script>", from)), Map.class);
    }

    private static Map<String, Object> view(String kind, String title, String... files) {
        return Map.of("kind", kind, "title", title, "files", List.of(files));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aThirdPartyAnalysisGetsItsTableLinesAndImagesWithoutTheSiteKnowingIt() throws Exception {
        file("analyses/probe/table.csv", "model,score\nmlp,0.125\n<b>kh</b>,0.5\nbp,0.12500000000000003\n");
        file("analyses/probe/curve.csv", "step,loss,gap\n1,0.9,0.1\n2,0.4,0.05\n3,0.2,0.01\n");
        Files.write(dir.resolve("analyses/probe/picture.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
        String html = site(List.of(Map.of("name", "probe", "views", List.of(
                view("table", "Probe scores", "analyses/probe/table.csv"),
                view("lines", "Probe loss", "analyses/probe/curve.csv"),
                view("image", "Probe picture", "analyses/probe/picture.png")))));
        assertTrue(html.contains("id=\"views\""), "the More results section");
        assertTrue(html.contains("<h3>Probe scores</h3>"), "table title");
        assertTrue(html.contains("<th>model</th><th>score</th>"), "table header");
        assertTrue(html.contains("<td>mlp</td><td>0.125</td>"), "table row");
        assertTrue(html.contains("&lt;b&gt;kh&lt;/b&gt;") && !html.contains("<b>kh</b>"), "cells are escaped");
        assertTrue(html.contains("<td>bp</td><td>0.125</td>"), "numbers shown to 6 significant digits");
        assertTrue(html.contains("from analysis &#39;probe&#39;") || html.contains("from analysis 'probe'"), "owner named");
        assertTrue(html.contains("class=\"plot view-lines\""), "line plot container");
        Map<String, Object> data = plotData(html);
        List<Map<String, Object>> views = (List<Map<String, Object>>) data.get("views");
        assertEquals(1, views.size(), "one line plot");
        List<Map<String, Object>> series = (List<Map<String, Object>>) views.get(0).get("series");
        assertEquals(List.of("loss", "gap"), series.stream().map(c -> c.get("name")).toList(), "a curve per column");
        assertEquals(List.of(1.0, 2.0, 3.0), series.get(1).get("x"));
        assertEquals(List.of(0.1, 0.05, 0.01), series.get(1).get("y"), "the gap column");
        assertEquals("step", views.get(0).get("x"), "x axis title from the header");
        assertTrue(html.contains("src=\"../analyses/probe/picture.png\""), "image");
        assertTrue(html.endsWith("SKIPPED:"), html.substring(html.indexOf("SKIPPED:")));
    }

    @Test
    void builtInFilesNobodyDeclaredAreNotShownAndBadViewsAreSkippedWithTheReason() throws Exception {
        file("analyses/spectrum/spectra.json", "{\"inputs\":[\"cifar\"],\"curves\":[]}");
        file("analyses/probe/words.csv", "x,y\n1,one\n");
        String html = site(List.of(Map.of("name", "probe", "views", List.of(
                view("heatmap3d", "Fancy", "analyses/probe/words.csv"),
                view("lines", "Words", "analyses/probe/words.csv"),
                view("table", "Gone", "analyses/probe/gone.csv")))));
        assertFalse(html.contains("id=\"spectra\""), "an undeclared spectra.json gives no section");
        String skipped = html.substring(html.indexOf("SKIPPED:"));
        assertTrue(skipped.contains("view 'Fancy' of analysis 'probe': unknown kind 'heatmap3d'"), skipped);
        assertTrue(skipped.contains("view 'Words' of analysis 'probe'") && skipped.contains("'one' is not a number"), skipped);
        assertTrue(skipped.contains("view 'Gone' of analysis 'probe'") && skipped.contains("gone.csv"), skipped);
    }
}
