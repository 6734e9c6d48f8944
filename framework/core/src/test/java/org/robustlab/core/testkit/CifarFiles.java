package org.robustlab.core.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generates files in the CIFAR-10 binary layout with known contents. */
public final class CifarFiles {
    private CifarFiles() {
    }

    /** {@code n} records with label {@code i % 10} and seeded random pixels; returns the bytes written. */
    public static byte[] write(Path file, int n, long seed) throws IOException {
        byte[] b = bytes(n, seed);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, b);
        return b;
    }

    public static byte[] bytes(int n, long seed) {
        Random rng = new Random(seed);
        byte[] b = new byte[n * 3073];
        for (int r = 0; r < n; r++) {
            b[r * 3073] = (byte) (r % 10);
            for (int i = 1; i < 3073; i++) {
                b[r * 3073 + i] = (byte) rng.nextInt(256);
            }
        }
        return b;
    }

    /** A folder with data_batch_1..5.bin ({@code perBatch} records each) and test_batch.bin. */
    public static Path folder(Path dir, int perBatch, int test) throws IOException {
        for (int i = 1; i <= 5; i++) {
            write(dir.resolve("data_batch_" + i + ".bin"), perBatch, i);
        }
        write(dir.resolve("test_batch.bin"), test, 99);
        return dir;
    }
}
