package org.robustlab.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier with a hidden representation that attacks, landscapes and STIR can differentiate.
 * Inputs are N×D pixel rows in [0, 1]; any preprocessing is part of the model. Implementations
 * never modify their arguments.
 *
 * <p>Callers may call these methods inside an ND4J workspace scope (robustlab's step memory: an attack's iteration,
 * a training step), so a returned array may live only until that scope closes. An implementation that keeps arrays
 * between calls (scratch buffers) must therefore make them outside any workspace, for example inside
 * {@code Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()}.
 */
public interface DifferentiableModel {
    /** The model's name in the study. */
    String name();

    /** Input dimension D. */
    int inputSize();

    /** Width H of the hidden representation. */
    int hiddenSize();

    /** Number of classes C. */
    int numClasses();

    /** Logits, N×C. */
    INDArray logits(INDArray x);

    /** Hidden representation ĥ(x), N×H. */
    INDArray hidden(INDArray x);

    /**
     * Gradient of the per-sample cross-entropy loss with respect to the input, N×D: row i is
     * ∂ CE(logits(x_i), y_i) / ∂ x_i.
     */
    INDArray lossInputGradient(INDArray x, int[] labels);

    /**
     * {@link #lossInputGradient(INDArray, int[])} written into {@code out} (a C-ordered N×D array, modified) and
     * returned. Attacks call it once per step on batches of one shape, so a model may keep batch-sized scratch
     * memory between calls instead of allocating it per call; the default copies the plain result. Since API 0.4.0.
     */
    default INDArray lossInputGradient(INDArray x, int[] labels, INDArray out) {
        return out.assign(lossInputGradient(x, labels));
    }

    /**
     * {@link #logits} and {@link #lossInputGradient(INDArray, int[])} at the same points, with the same values as the
     * two calls: an attack that tracks the loss of every iterate (Auto-PGD) needs both at each step, and a model can
     * take them from one forward pass. The default makes the two calls. Since API 0.6.0.
     */
    default LogitsAndGradient logitsAndLossInputGradient(INDArray x, int[] labels) {
        return new LogitsAndGradient(logits(x), lossInputGradient(x, labels));
    }

    /** Logits (N×C) and the loss's input gradient (N×D) at the same inputs. Since API 0.6.0. */
    record LogitsAndGradient(INDArray logits, INDArray gradient) {
    }

    /**
     * Gradient of ½‖ĥ(x_i) − target_i‖² with respect to x_i, N×D (used by representation inversion).
     */
    INDArray representationInputGradient(INDArray x, INDArray target);

    /**
     * {@link #representationInputGradient(INDArray, INDArray)} written into {@code out} (a C-ordered N×D array,
     * modified), returning ‖ĥ(x_i) − target_i‖₂ per row from the same forward pass: a representation inversion needs
     * both at every step, and a model may keep batch-sized scratch memory between calls. The default computes the
     * plain gradient and a separate {@link #hidden}. Since API 0.4.0.
     */
    default double[] representationDistanceAndGradient(INDArray x, INDArray target, INDArray out) {
        out.assign(representationInputGradient(x, target));
        INDArray d = hidden(x).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .subi(target.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE));
        return d.norm2(1).toDoubleVector();
    }

    /** Exact Frobenius norm ‖∂ĥ/∂x‖_F per sample, length N. */
    INDArray jacobianFrobeniusNorm(INDArray x);

    /**
     * The model's own preprocessing x ↦ x̂ (e.g. per-image L_p normalisation), a new N×D array; the identity by
     * default. Since API 0.2.0.
     */
    default INDArray preprocess(INDArray x) {
        return x.dup();
    }

    /**
     * This model as a function of its preprocessed input x̂ = {@link #preprocess}(x): {@code logits}, gradients and
     * Jacobians are then with respect to x̂, and {@code onPreprocessedInput().logits(preprocess(x))} equals
     * {@code logits(x)}. Attacks in the model's input space ({@code space: 'model'}) use it. The model itself by
     * default (no preprocessing). Since API 0.2.0.
     */
    default DifferentiableModel onPreprocessedInput() {
        return this;
    }

    /** Predicted classes (arg-max of the logits). */
    default int[] predict(INDArray x) {
        return logits(x).argMax(1).toIntVector();
    }
}
