package org.robustlab.plugins.encoders;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded weight initialisers (java.util.Random, so results do not depend on the ND4J backend's RNG). */
final class Init {
    private Init() {
    }

    /** N(0, std²) entries. */
    static INDArray gaussian(int rows, int cols, double std, Random rng, DataType type) {
        return org.robustlab.numerics.WhiteNoise.gaussian(rows, cols, std, rng, type);
    }

    /** U(−bound, bound) entries (PyTorch's nn.Linear default with bound 1/sqrt(fan_in)). */
    static INDArray uniform(int rows, int cols, double bound, Random rng, DataType type) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (rng.nextDouble() * 2 - 1) * bound;
        }
        return Nd4j.create(v, new long[]{rows, cols}, DataType.DOUBLE).castTo(type);
    }
}
