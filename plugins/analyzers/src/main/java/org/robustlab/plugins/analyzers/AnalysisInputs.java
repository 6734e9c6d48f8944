package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.StudyContext;

/** The inputs analyses run on: a seeded subset of the test images, and Gaussian white noise. */
final class AnalysisInputs {
    private AnalysisInputs() {
    }

    /** {@code count} test images chosen by a seeded shuffle (all of them when count ≤ 0 or ≥ N). */
    static Dataset testSubset(Dataset test, int count, StudyContext ctx, String purpose) {
        if (count <= 0 || count >= test.size()) {
            return test;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, ctx.random(purpose));
        int[] rows = order.subList(0, count).stream().mapToInt(Integer::intValue).sorted().toArray();
        return test.select(rows);
    }

    /**
     * White-noise "images": N(0, 1) per input dimension, fed to the models in place of pixels
     * (not clipped, docs/methods.md §5). Seeded by {@code purpose}, so every analyzer that asks for the
     * same purpose sees the same noise.
     */
    static INDArray whiteNoise(int count, int dimension, DataType type, StudyContext ctx, String purpose) {
        return org.robustlab.numerics.WhiteNoise.gaussian(count, dimension, ctx.random(purpose), type);
    }

    /** A file-name-safe form of a model name. */
    static String fileName(String name) {
        return org.robustlab.api.FileNames.of(name);
    }
}
