package org.robustlab.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Labelled images as one row per image: pixels in [0, 1], channel-major (CHW) order, as in the
 * official CIFAR-10 binary files. Immutable: never modify {@link #features()} in place.
 *
 * @param name        short description, e.g. {@code cifar10/test}
 * @param features    N×D array (not modified by consumers)
 * @param labels      N class indices
 * @param classNames  names in label order
 * @param imageShape  {channels, height, width}; D = product
 * @param checksums   source file name → SHA-256, for provenance
 */
public record Dataset(String name, INDArray features, int[] labels, List<String> classNames,
                      int[] imageShape, Map<String, String> checksums) {

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Input dimension D. */
    public int dimension() {
        return (int) features.columns();
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Images [from, to) as a view-free copy. */
    public Dataset slice(int from, int to) {
        INDArray f = features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
        return new Dataset(name, f, Arrays.copyOfRange(labels, from, to), classNames, imageShape, checksums);
    }

    /** The images at the given row indices, in that order. */
    public Dataset select(int[] rows) {
        long[] idx = Arrays.stream(rows).asLongStream().toArray();
        INDArray f = rows.length == 0 ? Nd4j.create(features.dataType(), 0, dimension())
                : features.getRows(Arrays.stream(rows).toArray());
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = labels[(int) idx[i]];
        }
        return new Dataset(name, f, l, classNames, imageShape, checksums);
    }
}
