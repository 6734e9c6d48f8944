package org.robustlab.numerics;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded Gaussian arrays: white-noise inputs (the spectra's control) and Gaussian initialisations. */
public final class WhiteNoise {
    private WhiteNoise() {
    }

    /** rows × columns independent N(0, std²) values, drawn in row-major order in float64, then cast to {@code type}. */
    public static INDArray gaussian(int rows, int columns, double std, Random rng, DataType type) {
        double[] v = new double[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * std;
        }
        return Nd4j.create(v, new long[]{rows, columns}, DataType.DOUBLE).castTo(type);
    }

    /** rows × columns independent N(0, 1) values (white noise), drawn in row-major order. */
    public static INDArray gaussian(int rows, int columns, Random rng, DataType type) {
        double[] v = new double[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian();
        }
        return Nd4j.create(v, new long[]{rows, columns}, DataType.DOUBLE).castTo(type);
    }
}
