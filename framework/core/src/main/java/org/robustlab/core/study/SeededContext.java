package org.robustlab.core.study;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.results.Npy;
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

    private final Path baseDir;

    public SeededContext(long seed, DataType dataType, ResultFiles files, PrintStream out) {
        this(seed, dataType, files, out, Path.of("."));
    }

    /** @param baseDir folder relative input paths are resolved against (the script's folder) */
    public SeededContext(long seed, DataType dataType, ResultFiles files, PrintStream out, Path baseDir) {
        this.seed = seed;
        this.dataType = dataType;
        this.files = files;
        this.out = out;
        this.baseDir = baseDir;
    }

    @Override
    public INDArray readArray(Path file) {
        Path resolved = file.isAbsolute() ? file : baseDir.resolve(file).normalize();
        if (!Files.isRegularFile(resolved)) {
            throw new RobustlabException("array file " + resolved + " does not exist");
        }
        return Npy.read(resolved);
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
