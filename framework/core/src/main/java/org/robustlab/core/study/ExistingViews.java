package org.robustlab.core.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;

/** Checks the site views an extension declares against the files it wrote. */
final class ExistingViews {
    private ExistingViews() {
    }

    /** The views all of whose files exist below {@code root} (an encoder's optional extras). */
    static List<SiteView> of(List<SiteView> declared, Path root) {
        List<SiteView> out = new ArrayList<>();
        for (SiteView v : declared == null ? List.<SiteView>of() : declared) {
            if (missing(v, root) == null) {
                out.add(v);
            }
        }
        return out;
    }

    /** The declared views; throws naming the first file that does not exist (an analyzer's contract). */
    static List<SiteView> require(List<SiteView> declared, Path root, String who) {
        for (SiteView v : declared == null ? List.<SiteView>of() : declared) {
            String file = missing(v, root);
            if (file != null) {
                throw new RobustlabException(who + " declares the site view '" + v.title() + "' (" + v.kind() + ") of " + file
                        + ", which it did not write; write the file in analyze() or leave it out of views()");
            }
        }
        return declared == null ? List.of() : declared;
    }

    private static String missing(SiteView v, Path root) {
        for (String f : v.files()) {
            Path p = root.resolve(f).normalize();
            if (!p.startsWith(root.normalize()) || !Files.isRegularFile(p)) {
                return f;
            }
        }
        return null;
    }
}
