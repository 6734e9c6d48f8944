package org.robustlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustlab.api.SiteView;
import org.robustlab.core.results.Json;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * The claims of a study ({@code claims.json} of its claims view) as a Markdown table for a report: one row per link
 * with the difference, its confidence interval and the verdict, and one row per claim with the claim's verdict. A
 * report pastes it verbatim, and a test regenerates it from the report's data to check the report.
 */
public final class ClaimsMarkdown {
    private ClaimsMarkdown() {
    }

    /** The claims table of a study folder, from the file of its claims view; null when the study declares none. */
    public static String ofStudy(Path studyDir) {
        DeclaredViews.Owned view = DeclaredViews.of(StudyManifest.read(studyDir)).first(SiteView.CLAIMS);
        return view == null || !Files.isRegularFile(studyDir.resolve(view.file())) ? null : of(studyDir.resolve(view.file()));
    }

    @SuppressWarnings("unchecked")
    public static String of(Path claimsJson) {
        Map<String, Object> json = Json.readMap(claimsJson);
        String level = String.format(Locale.ROOT, "%.0f%%", 100 * ((Number) json.getOrDefault("confidence", 0.95)).doubleValue());
        StringBuilder b = new StringBuilder();
        b.append("| claim | metric | link | a | b | difference a − b | ").append(level).append(" CI | verdict |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> c : (List<Map<String, Object>>) json.getOrDefault("claims", List.of())) {
            for (Map<String, Object> l : (List<Map<String, Object>>) c.getOrDefault("links", List.of())) {
                String verdict = String.valueOf(l.get("verdict"));
                if (l.get("attackFailure") != null) {
                    verdict += " (attack failure on " + l.get("attackFailure") + "; intervals alone: "
                            + l.get("verdictIgnoringAttackFailure") + ")";
                }
                // a band claim (one model within [low, high]): the band in column b, the model's own interval in the CI column
                boolean band = l.get("band") != null && l.get("valueB") == null;
                b.append("| ").append(cell(c.get("claim"))).append(" | `").append(c.get("metric")).append("` | ")
                        .append(cell(l.get("link"))).append(" | ").append(num(l.get("valueA"))).append(" | ")
                        .append(band ? cell(l.get("b")) : num(l.get("valueB"))).append(" | ")
                        .append(band ? "–" : num(l.get("difference"))).append(" | [")
                        .append(num(l.get("ciLow"))).append(", ").append(num(l.get("ciHigh"))).append("] | ")
                        .append(cell(verdict)).append(" |\n");
            }
            b.append("| **").append(cell(c.get("claim"))).append("** | | every link | | | | | **").append(c.get("verdict"))
                    .append("** |\n");
        }
        return b.toString();
    }

    private static String num(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4g", n.doubleValue()) : String.valueOf(v);
    }

    private static String cell(Object v) {
        return String.valueOf(v).replace("|", "\\|").replace("\n", " ");
    }
}
