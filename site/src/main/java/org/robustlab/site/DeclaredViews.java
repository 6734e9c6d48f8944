package org.robustlab.site;

import java.util.ArrayList;
import java.util.List;
import org.robustlab.api.SiteView;
import org.robustlab.core.results.manifest.AnalysisEntry;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;

/**
 * The site sections a study's extensions declared in {@code study.json} (encoders per model, analyzers per analysis):
 * the site finds every plugin's files through these, by kind, never by the plugin's name or paths.
 */
record DeclaredViews(List<Owned> all) {
    /** A view with what declared it, for headings and skip reasons ({@code analysis 'x'}, {@code model 'm'}). */
    record Owned(String owner, String model, SiteView view) {
        String file() {
            return view.files().get(0);
        }
    }

    /** The kinds the site renders. */
    static final List<String> KINDS = List.of(SiteView.TABLE, SiteView.LINES, SiteView.IMAGE, SiteView.SPECTRA,
            SiteView.POWER_LAW_FITS, SiteView.LANDSCAPE, SiteView.STIR, SiteView.CKA, SiteView.CLAIMS, SiteView.SYNAPSES);

    /** The generic kinds, shown in the "More results" section in the order declared. */
    static final List<String> GENERIC = List.of(SiteView.TABLE, SiteView.LINES, SiteView.IMAGE);

    static DeclaredViews of(StudyManifest study) {
        List<Owned> all = new ArrayList<>();
        for (ModelEntry m : study.models) {
            for (SiteView v : m.views() == null ? List.<SiteView>of() : m.views()) {
                all.add(new Owned("model '" + m.name() + "'", m.name(), v));
            }
        }
        for (AnalysisEntry a : study.analyses) {
            if (a.error() != null) {
                continue;
            }
            for (SiteView v : a.views() == null ? List.<SiteView>of() : a.views()) {
                all.add(new Owned("analysis '" + a.name() + "'", null, v));
            }
        }
        return new DeclaredViews(all);
    }

    /** The first view of this kind, or null. */
    Owned first(String kind) {
        return all.stream().filter(o -> o.view().kind().equals(kind)).findFirst().orElse(null);
    }

    List<Owned> ofKind(String kind) {
        return all.stream().filter(o -> o.view().kind().equals(kind)).toList();
    }

    /** Why views are not shown: unknown kinds, and a second view of a kind the page has one section for. */
    List<String> notShown() {
        List<String> out = new ArrayList<>();
        for (Owned o : all) {
            String kind = o.view().kind();
            if (!KINDS.contains(kind)) {
                out.add("view '" + o.view().title() + "' of " + o.owner() + ": unknown kind '" + kind + "'; the site renders "
                        + String.join(", ", KINDS));
            } else if (!GENERIC.contains(kind) && !kind.equals(SiteView.SYNAPSES) && first(kind) != o) {
                out.add("view '" + o.view().title() + "' of " + o.owner() + ": the page shows one " + kind + " section ("
                        + first(kind).owner() + "'s); its files are listed under Files");
            }
        }
        return out;
    }
}
