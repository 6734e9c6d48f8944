package org.robustlab.core.study;

import java.util.List;
import org.robustlab.api.RobustlabException;

/** Some steps of a study failed; every finished result was kept. */
public class StudyFailedException extends RobustlabException {
    public StudyFailedException(List<String> failures) {
        super(failures.size() + " study step(s) failed (finished results were kept):\n  - " + String.join("\n  - ", failures));
    }
}
