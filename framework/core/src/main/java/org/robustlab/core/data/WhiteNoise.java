package org.robustlab.core.data;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gaussian white-noise inputs N(0, 1) per input dimension (the spectrum control), seeded. */
public final class WhiteNoise {
    private WhiteNoise() {
    }

    /** {@code n} rows of {@code dimension} independent standard normal values. */
    public static INDArray images(int n, int dimension, long seed, DataType type) {
        java.util.Random rng = new java.util.Random(seed);
        double[] v = new double[n * dimension];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{n, dimension}, DataType.DOUBLE).castTo(type);
    }

    /** Provenance entry for noise inputs. */
    public static Map<String, Object> describe(int n, long seed) {
        return Map.of("kind", "white-noise N(0,1)", "n", n, "seed", seed);
    }
}
