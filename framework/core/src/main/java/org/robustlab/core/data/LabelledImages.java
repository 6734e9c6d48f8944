package org.robustlab.core.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Growable pixel buffer used while reading: bytes or floats in [0, 1], one row per image.
 * Kept as a plain float[] so readers need no ND4J until the end.
 */
final class LabelledImages {
    private final int dimension;
    private float[] pixels = new float[0];
    private final List<Integer> labels = new ArrayList<>();

    LabelledImages(int dimension) {
        this.dimension = dimension;
    }

    int size() {
        return labels.size();
    }

    int dimension() {
        return dimension;
    }

    /** Appends one image given as unsigned bytes 0–255 at {@code offset}. */
    void addBytes(byte[] src, int offset, int label) {
        int row = ensureRow();
        for (int i = 0; i < dimension; i++) {
            pixels[row * dimension + i] = (src[offset + i] & 0xFF) / 255f;
        }
        labels.add(label);
    }

    private int ensureRow() {
        int row = labels.size();
        if ((long) (row + 1) * dimension > pixels.length) {
            int capacity = Math.max(16, row * 2);
            float[] grown = new float[Math.multiplyExact(capacity, dimension)];
            System.arraycopy(pixels, 0, grown, 0, row * dimension);
            pixels = grown;
        }
        return row;
    }

    float[] pixels() {
        float[] exact = new float[size() * dimension];
        System.arraycopy(pixels, 0, exact, 0, exact.length);
        return exact;
    }

    int[] labels() {
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }
}
