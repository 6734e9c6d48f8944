package org.robustlab.core.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a study's images come from.
 *
 * @param kind   {@code sample} (bundled), {@code cifar10} (binary batches or tar.gz) or {@code images} (folder/zip)
 * @param path   file or folder; null for the bundled sample
 * @param train  at most this many training images (≤ 0: all)
 * @param test   at most this many test images (≤ 0: all)
 */
public record DataSpec(String kind, String path, int train, int test) {
    /** The bundled CIFAR-10 sample. */
    public static DataSpec sample() {
        return new DataSpec("sample", null, 0, 0);
    }

    /** JSON-able form for provenance. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("path", path);
        m.put("train", train);
        m.put("test", test);
        return m;
    }
}
