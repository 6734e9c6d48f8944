package org.robustlab.plugins.encoders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.RobustlabException;

/**
 * Input preprocessing that is part of the model (and so differentiated through by attacks):
 * {@code none}, or {@code standardize} per channel. Written into {@code model.json} as
 * {@code {"type":"none"}} or {@code {"type":"standardize","mean":[r,g,b],"std":[r,g,b]}}.
 */
public final class Preprocess {
    private final String type;
    private final double[] mean;
    private final double[] std;

    private Preprocess(String type, double[] mean, double[] std) {
        this.type = type;
        this.mean = mean;
        this.std = std;
    }

    /** Identity. */
    public static Preprocess none() {
        return new Preprocess("none", null, null);
    }

    /** (x − mean_c) / std_c per channel c of CHW rows. */
    public static Preprocess standardize(double[] mean, double[] std) {
        return new Preprocess("standardize", mean.clone(), std.clone());
    }

    /** Per-channel mean and std of CHW rows with 3 channels. */
    public static Preprocess fitStandardize(INDArray x) {
        int plane = (int) x.columns() / 3;
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            INDArray ch = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c * plane, (c + 1) * plane));
            mean[c] = ch.meanNumber().doubleValue();
            std[c] = Math.max(1e-8, ch.stdNumber().doubleValue());
        }
        return standardize(mean, std);
    }

    /** The preprocessed rows, a new array (or {@code x} itself for none: do not modify it). */
    public INDArray apply(INDArray x) {
        if (type.equals("none")) {
            return x;
        }
        INDArray out = x.dup();
        int plane = (int) x.columns() / 3;
        for (int c = 0; c < 3; c++) {
            INDArray ch = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(c * plane, (c + 1) * plane));
            ch.subi(mean[c]).divi(std[c]);
        }
        return out;
    }

    /** Chain rule back through {@link #apply}: ∂L/∂x from ∂L/∂pre(x) (a new array or the argument). */
    public INDArray backward(INDArray gradPre) {
        return type.equals("none") ? gradPre : scale(gradPre);
    }

    /** Per-input-column factor ∂pre_j/∂x_j (length D), for the Jacobian norm. */
    public INDArray columnScale(int dimension, org.nd4j.linalg.api.buffer.DataType t) {
        INDArray s = Nd4j.ones(t, dimension);
        if (!type.equals("none")) {
            int plane = dimension / 3;
            for (int c = 0; c < 3; c++) {
                s.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(c * plane, (c + 1) * plane)).assign(1.0 / std[c]);
            }
        }
        return s;
    }

    private INDArray scale(INDArray g) {
        return g.mulRowVector(columnScale((int) g.columns(), g.dataType()));
    }

    /** The {@code model.json} form. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        if (mean != null) {
            m.put("mean", List.of(mean[0], mean[1], mean[2]));
            m.put("std", List.of(std[0], std[1], std[2]));
        }
        return m;
    }

    /** Reads the {@code model.json} form. */
    @SuppressWarnings("unchecked")
    public static Preprocess fromJson(Object json) {
        if (json == null) {
            return none();
        }
        Map<String, Object> m = (Map<String, Object>) json;
        return switch (String.valueOf(m.get("type"))) {
            case "none" -> none();
            case "standardize" -> standardize(doubles(m.get("mean")), doubles(m.get("std")));
            default -> throw new RobustlabException("model.json: unknown preprocess type " + m.get("type"));
        };
    }

    private static double[] doubles(Object o) {
        return ((List<?>) o).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
