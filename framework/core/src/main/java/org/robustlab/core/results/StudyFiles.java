package org.robustlab.core.results;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.ResultFiles;
import org.robustlab.api.RobustlabException;

/** {@link ResultFiles} below one output folder, every write atomic. */
public final class StudyFiles implements ResultFiles {
    private final Path root;

    public StudyFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Path root() {
        return root;
    }

    /** Resolves a relative path, refusing paths that escape the output folder. */
    public Path resolve(String relativePath) {
        Path p = root.resolve(relativePath).normalize();
        if (!p.startsWith(root)) {
            throw new RobustlabException("result path '" + relativePath + "' escapes the output folder " + root);
        }
        return p;
    }

    @Override
    public Path writeJson(String relativePath, Object value) {
        return AtomicFiles.write(resolve(relativePath), Json.bytes(value));
    }

    @Override
    public Path writeCsv(String relativePath, List<String> header, List<? extends List<?>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (List<?> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(csvCell(row.get(i)));
            }
            sb.append('\n');
        }
        return AtomicFiles.write(resolve(relativePath), sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String csvCell(Object v) {
        String s = String.valueOf(v);
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    @Override
    public Path writeNpy(String relativePath, INDArray array) {
        return AtomicFiles.write(resolve(relativePath), out -> Npy.write(array, out));
    }

    @Override
    public Path writeBytes(String relativePath, byte[] bytes) {
        return AtomicFiles.write(resolve(relativePath), bytes);
    }
}
