package org.robustlab.api;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes study results below the output folder. Every write goes to a temporary file that is
 * then renamed, so a killed run never leaves a half-written result. Paths are relative to the
 * study's output folder.
 */
public interface ResultFiles {
    /** The study's output folder. */
    Path root();

    /** Writes {@code value} (maps, lists, records, numbers, strings) as pretty JSON. */
    Path writeJson(String relativePath, Object value);

    /** Writes a CSV with a header row; cells are formatted with {@code String.valueOf}. */
    Path writeCsv(String relativePath, List<String> header, List<? extends List<?>> rows);

    /** Writes an array in NumPy's {@code .npy} format (float32/float64/int32 as stored). */
    Path writeNpy(String relativePath, INDArray array);

    /** Writes raw bytes (e.g. a PNG). */
    Path writeBytes(String relativePath, byte[] bytes);
}
