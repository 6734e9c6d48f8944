package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.api.Progress;
import org.robustlab.api.ResultFiles;
import org.robustlab.api.StudyContext;
import org.robustlab.core.progress.ConsoleProgress;

/** The host's {@link StudyContext}: per-purpose random streams derived from one master seed. */
public final class SeededContext implements StudyContext {
    private final long seed;
    private final DataType dataType;
    private final ResultFiles files;
    private final PrintStream out;

    public SeededContext(long seed, DataType dataType, ResultFiles files, PrintStream out) {
        this.seed = seed;
        this.dataType = dataType;
        this.files = files;
        this.out = out;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Random random(String purpose) {
        return new Random(derive(seed, purpose));
    }

    /** Seed for {@code purpose}: the master seed mixed with a hash of the purpose (SplitMix64 finaliser). */
    public static long derive(long seed, String purpose) {
        long h = seed;
        for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public Progress progress(String label, long total) {
        return ConsoleProgress.start(label, total, out);
    }

    @Override
    public void log(String message) {
        out.println(message);
    }

    @Override
    public ResultFiles files() {
        return files;
    }
}
