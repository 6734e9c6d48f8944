package org.robustlab.core.study;

import java.nio.file.Path;

/** Called after a study wrote its manifest (e.g. to generate the results site). */
@FunctionalInterface
public interface StudyListener {
    void studyFinished(Path outputDir);
}
