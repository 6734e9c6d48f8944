package org.robustlab.core.testkit;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.api.StudyContext;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.study.SeededContext;

/** Study contexts for plugin tests: seeded, quiet, writing below a temporary folder. */
public final class TestContexts {
    private TestContexts() {
    }

    public static StudyContext quiet(long seed, DataType type, Path dir) {
        return new SeededContext(seed, type, new StudyFiles(dir), new PrintStream(OutputStream.nullOutputStream()));
    }
}
