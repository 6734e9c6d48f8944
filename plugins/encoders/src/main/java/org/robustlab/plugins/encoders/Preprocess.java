package org.robustlab.plugins.encoders;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.RobustlabException;

/**
 * Input preprocessing that is part of the model (and so differentiated through by attacks):
 * {@code none}, {@code standardize} per channel, or {@code lp_normalize} (each image divided by
 * its own L_p norm, the KH seed's choice). Written into {@code model.json} as
 * {@code {"type":"none"}}, {@code {"type":"standardize","mean":[r,g,b],"std":[r,g,b]}} or
 * {@code {"type":"lp_normalize","p":3}}.
 */
public final class Preprocess {
    /** Norms below this are treated as this (an all-black image). */
    static final double MIN_NORM = 1e-12;
    private final String type;
    private final double[] mean;
    private final double[] std;
    private final double p;

    private Preprocess(String type, double[] mean, double[] std, double p) {
        this.type = type;
        this.mean = mean;
        this.std = std;
        this.p = p;
    }

    private Preprocess(String type, double[] mean, double[] std) {
        this(type, mean, std, Double.NaN);
    }

    /** x / ‖x‖_p per row. */
    public static Preprocess lpNormalize(double p) {
        return new Preprocess("lp_normalize", null, null, p);
    }

    /** True for per-image L_p normalisation (its Jacobian is not diagonal). */
    public boolean isLp() {
        return type.equals("lp_normalize");
    }

    /** True for the identity. */
    public boolean isNone() {
        return type.equals("none");
    }

    /** The p of {@link #lpNormalize}. */
    public double p() {
        return p;
    }

    /** ‖x‖_p per row as a column (B×1), floored at {@link #MIN_NORM}. */
    public INDArray lpNorms(INDArray x) {
        INDArray n = Transforms.pow(Transforms.pow(Transforms.abs(x, true), p, false).sum(1), 1 / p, false);
        return Transforms.max(n, MIN_NORM, false).reshape(x.rows(), 1);
    }

    /**
     * q = ∂‖x‖_p/∂x = ‖x‖_p^(1−p) |x|^(p−1) sign(x) per row (a new array): with y = x/N the
     * Jacobian of the normalisation is (I − y qᵀ)/N.
     */
    public INDArray lpNormGradient(INDArray x, INDArray norms) {
        INDArray q = Transforms.pow(Transforms.abs(x, true), p - 1, false).muli(Transforms.sign(x, true));
        return q.muliColumnVector(Transforms.pow(norms, 1 - p, true));
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
        if (isLp()) {
            return x.divColumnVector(lpNorms(x));
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

    /**
     * Chain rule back through {@link #apply}: ∂L/∂x from g = ∂L/∂pre(x) (a new array or the
     * argument). For L_p normalisation: ∂L/∂x = (g − (g·y) q) / N.
     */
    public INDArray backward(INDArray gradPre, INDArray x) {
        if (type.equals("none")) {
            return gradPre;
        }
        if (isLp()) {
            INDArray norms = lpNorms(x);
            INDArray y = x.divColumnVector(norms);
            INDArray gy = gradPre.mul(y).sum(1).reshape(x.rows(), 1);
            return gradPre.sub(lpNormGradient(x, norms).muliColumnVector(gy)).diviColumnVector(norms);
        }
        return scale(gradPre);
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
        if (isLp()) {
            m.put("p", p);
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
            case "lp_normalize" -> lpNormalize(((Number) m.get("p")).doubleValue());
            default -> throw new RobustlabException("model.json: unknown preprocess type " + m.get("type"));
        };
    }

    private static double[] doubles(Object o) {
        return ((List<?>) o).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}
