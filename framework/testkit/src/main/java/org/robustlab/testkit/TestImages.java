package org.robustlab.testkit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;

/** Seeded test inputs shaped like robustlab's: N×D rows of pixels in [0, 1] (CIFAR: D = 3 × 32 × 32, CHW). */
public final class TestImages {
    /** Pixels of one CIFAR-10 image (3 × 32 × 32). */
    public static final int CIFAR_PIXELS = 3 * 32 * 32;

    private TestImages() {
    }

    /** {@code n} rows of {@code d} uniform pixels in [0, 1], the same for the same seed. */
    public static INDArray uniform(int n, int d, long seed, DataType type) {
        Random rng = new Random(seed);
        double[][] rows = new double[n][d];
        for (double[] row : rows) {
            for (int j = 0; j < d; j++) {
                row[j] = rng.nextDouble();
            }
        }
        return Nd4j.createFromArray(rows).castTo(type);
    }

    /**
     * A labelled dataset of {@code n} uniform CIFAR-sized images (float32) over {@code classes} classes, labels
     * cycling 0, 1, …; for plugin tests that need a {@link Dataset} but not real images.
     */
    public static Dataset dataset(int n, int classes, long seed) {
        int[] labels = IntStream.range(0, n).map(i -> i % classes).toArray();
        List<String> names = IntStream.range(0, classes).mapToObj(c -> "class" + c).toList();
        return new Dataset("test images (seed " + seed + ")", uniform(n, CIFAR_PIXELS, seed, DataType.FLOAT), labels, names,
                new int[]{3, 32, 32}, Map.of());
    }

    /**
     * A small learnable dataset: three classes of Gaussian blobs in 12 dimensions, pixels clipped to [0, 1], linearly
     * separable (float32), for tests that train a model.
     */
    public static Dataset blobs(int n, long seed) {
        Random rng = new Random(seed);
        int d = 12;
        double[] v = new double[n * d];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < d; j++) {
                double center = j % 3 == labels[i] ? 0.8 : 0.2;
                v[i * d + j] = Math.min(1, Math.max(0, center + 0.1 * rng.nextGaussian()));
            }
        }
        return new Dataset("blobs", Nd4j.create(v, new long[]{n, d},
                DataType.DOUBLE).castTo(DataType.FLOAT), labels,
                List.of("a", "b", "c"), new int[]{3, 2, 2}, Map.of());
    }
}
