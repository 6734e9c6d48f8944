package org.robustlab.api;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The norm a perturbation budget ε is measured in. Attacks name it as a string ({@link Attack#norm()}: "2" or "inf",
 * the study scripts' spelling); the host reads it once through {@link #of} and works with this type, so every part
 * agrees on what a spelling means. Since API 0.4.0.
 */
public enum Norm {
    /** Euclidean: ‖v‖₂. */
    L2("2"),
    /** Maximum: ‖v‖∞ = max |v_j|. */
    LINF("inf");

    private final String key;

    Norm(String key) {
        this.key = key;
    }

    /** The study scripts' spelling: "2" or "inf". */
    public String key() {
        return key;
    }

    /**
     * The norm an attack's string names: "2", "l2" or "L2"; "inf", "linf", "Linf" or "infinity" (case-insensitive).
     *
     * @throws RobustlabException for anything else, naming the value and the accepted spellings
     */
    public static Norm of(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "2", "l2" -> L2;
            case "inf", "linf", "infinity", "l_inf" -> LINF;
            default -> throw new RobustlabException("norm '" + value + "' is not one robustlab knows; use norm: '2' (L2) or norm: 'inf' (L-infinity)");
        };
    }

    /** ‖row‖ of every row of an N×D array, as a float64 vector of length N (the argument is not modified). */
    public INDArray rowNorms(INDArray rows) {
        INDArray d = rows.castTo(DataType.DOUBLE);
        return this == LINF ? Transforms.abs(d, true).max(1) : d.norm2(1);
    }

    /** The budget that reaches every point of a box of this width in {@code dimension} inputs. */
    public double diameter(double width, int dimension) {
        return this == LINF ? width : width * Math.sqrt(dimension);
    }

    @Override
    public String toString() {
        return key;
    }
}
