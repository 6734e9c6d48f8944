package org.robustlab.core.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.testkit.ChildJvm;

class ContentKeysTest {
    @TempDir
    Path dir;

    /** A model's key inputs as the runner builds them, with every map in the given insertion order. */
    static Map<String, Object> spec(boolean reversed) {
        Map<String, Object> params = ordered(reversed, "hidden", 16, "epochs", 2, "lr", List.of(1e-3, 1e-4), "standardize", false);
        Map<String, Object> encoder = ordered(reversed, "name", "mlp", "plugin", "robustlab-encoders", "params", params);
        Map<String, Object> checksums = ordered(reversed, "data_batch_1.bin", "ab12", "test_batch.bin", "cd34",
                "batches.meta.txt", "ef56");
        Map<String, Object> data = ordered(reversed, "kind", "cifar10", "train", 500, "test", 100, "checksums", checksums);
        return ordered(reversed, "encoder", encoder, "regularizers", List.of(), "data", data, "seed", 7L, "dataType", "FLOAT",
                "model", "bp");
    }

    private static Map<String, Object> ordered(boolean reversed, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            int j = reversed ? kv.length - 2 - i : i;
            m.put((String) kv[j], kv[j + 1]);
        }
        return m;
    }

    /** Prints the cache key of {@link #spec} built from immutable {@code Map.of} maps, whose order is salted per JVM. */
    public static void main(String[] args) {
        Map<String, Object> data = Map.of("kind", "cifar10", "train", 500, "test", 100, "checksums",
                Map.of("data_batch_1.bin", "ab12", "test_batch.bin", "cd34", "batches.meta.txt", "ef56"));
        Map<String, Object> encoder = Map.of("name", "mlp", "plugin", "robustlab-encoders", "params",
                Map.of("hidden", 16, "epochs", 2, "lr", List.of(1e-3, 1e-4), "standardize", false));
        System.out.println(ModelStore.cacheKey(Map.of("encoder", encoder, "regularizers", List.of(), "data", data,
                "seed", 7L, "dataType", "FLOAT", "model", "bp")));
    }

    @Test
    void insertionOrderDoesNotChangeTheKey() {
        assertEquals(ModelStore.cacheKey(spec(false)), ModelStore.cacheKey(spec(true)));
        Map<String, Object> other = spec(false);
        other.put("seed", 8L);
        assertNotEquals(ModelStore.cacheKey(spec(false)), ModelStore.cacheKey(other));
    }

    @Test
    void separateJvmsComputeTheSameKey() throws Exception {
        String here = ModelStore.cacheKey(spec(false));
        for (int i = 0; i < 3; i++) {
            Path log = dir.resolve("key" + i + ".txt");
            Process p = ChildJvm.start(ContentKeysTest.class, log);
            assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
            assertEquals(0, p.exitValue(), Files.readString(log));
            assertEquals(here, Files.readString(log).trim(), "JVM " + i);
        }
    }
}
