package org.robustlab.plugins.regularizers;

import java.util.Random;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.pf4j.Extension;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;
import org.robustlab.api.StudyContext;

/**
 * Jacobian regularisation (Hoffman et al. 2019; docs/methods.md §3): λ·½·mean_b ‖J(x_b)‖_F², J the
 * Jacobian of ĥ (or of h = Wx with {@code on: 'pre'}) with respect to the encoder's input.
 * Estimated with random unit projections, ‖J‖_F² ≈ (H/n_proj) Σ_v ‖vᵀJ‖², vᵀJ = Σ_i v_i σ'(h_i) w_i,
 * or exactly (one hidden layer): ‖J‖_F² = Σ_i σ'(h_i)² ‖w_i‖².
 */
@Extension
public class JacobianRegularizer implements Regularizer {
    /** h^(2n−3) guard: activations below this count as this when n < 1.5. */
    static final double H_FLOOR = 1e-6;

    @Param(description = "strength lambda", primary = true, min = 0)
    double lambda = 0.01;
    @Param(description = "random projections per sample (Hoffman estimator)", min = 1)
    int projections = 3;
    @Param(description = "use the exact closed form instead of the random-projection estimator")
    boolean exact = false;
    @Param(description = "differentiate the hidden representation ('hidden', the paper) or the pre-activation ('pre', the seed code)",
            choices = {"hidden", "pre"})
    String on = "hidden";

    Random rng = new Random(0);
    /** Tests switch the Gram route of {@link #plainReluEstimate} off to compare it with the general path. */
    boolean gramRoute = true;

    @Override
    public String name() {
        return "jacobian";
    }

    @Override
    public String description() {
        return "lambda/2 * mean ||d h/d x||_F^2 (random projections, or exact)";
    }

    @Override
    public void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation, StudyContext context) {
        rng = context.random("jacobian/epoch-" + epoch);
    }

    @Override
    public double penalty(HiddenBatch batch, HiddenGradients gradients) {
        INDArray w = batch.w();
        int b = batch.batchSize();
        if (on.equals("pre")) {
            // J = W for every sample: the penalty collapses to λ/2 ‖W‖²
            double sq = w.norm2Number().doubleValue();
            if (gradients.wIsTrainable()) {
                gradients.dW().addi(w.mul(lambda));
            }
            return 0.5 * lambda * sq * sq;
        }
        INDArray d = derivative(batch.h(), batch.n(), 1);
        // σ'' of a plain ReLU is 0 almost everywhere: every term through it vanishes (and its GEMMs are skipped)
        boolean curved = batch.n() != 1;
        INDArray d2 = curved ? derivative(batch.h(), batch.n(), 2) : null;
        if (exact) {
            INDArray c = w.mul(w).sum(1);                                   // ‖w_i‖², length H
            INDArray dsq = d.mul(d);
            double value = dsq.mmul(c.reshape(c.length(), 1)).sumNumber().doubleValue() / b;
            if (gradients.wIsTrainable()) {
                // ∂/∂W of mean_b Σ_i d_bi² c_i = (2/B)[diag(Σ_b d_bi²) W + (d ⊙ d' ⊙ c)ᵀ X]; the second term is ∂/∂h times X
                INDArray rowScale = dsq.sum(0).reshape(w.rows(), 1);
                gradients.dW().addi(w.mulColumnVector(rowScale).muli(lambda / b));
                if (curved) {
                    gradients.addPreActivationGradient(d.mul(d2).muliRowVector(c).muli(lambda / b), batch.x());
                }
            }
            return 0.5 * lambda * value;
        }
        int h = (int) w.rows();
        double scale = (double) h / projections;
        if (!curved && gradients.wIsTrainable() && gramIsCheaper(b, h, (int) w.columns())) {
            return plainReluEstimate(w, d, b, scale, gradients);
        }
        double value = 0;
        INDArray dW = gradients.wIsTrainable() ? w.ulike().assign(0) : null;
        for (int p = 0; p < projections; p++) {
            INDArray v = unitRows(b, h, w.dataType());
            INDArray a = v.mul(d);                                          // B×H
            INDArray u = a.mmul(w);                                         // B×D, rows vᵀJ
            value += scale * u.mul(u).sumNumber().doubleValue() / b;
            if (dW != null) {
                // ∂‖u‖²/∂W = 2 aᵀu + 2 ((u Wᵀ) ⊙ v ⊙ d')ᵀ x, summed over the batch; the second term is ∂/∂h times x
                dW.addi(a.transpose().mmul(u).muli(2));
                if (curved) {
                    gradients.addPreActivationGradient(u.mmul(w.transpose()).muli(v).muli(d2).muli(lambda * scale / b), batch.x());
                }
            }
        }
        if (dW != null) {
            gradients.dW().addi(dW.muli(0.5 * lambda * scale / b));
        }
        return 0.5 * lambda * value;
    }

    /**
     * With σ'' = 0 (plain ReLU) the estimator's ∂W is Σ_p a_pᵀ u_p = (Σ_p a_pᵀ a_p) W = M W, and its
     * value Σ_p ‖u_p‖² = ⟨M W, W⟩: one H×B×H GEMM per projection and one H×H×D GEMM in all,
     * instead of two B×H×D GEMMs per projection. Draws the same vectors, in the same order, as the general path.
     */
    private double plainReluEstimate(INDArray w, INDArray d, int b, double scale, HiddenGradients gradients) {
        int h = (int) w.rows();
        INDArray m = Nd4j.create(w.dataType(), h, h);
        for (int p = 0; p < projections; p++) {
            INDArray a = unitRows(b, h, w.dataType()).muli(d);              // B×H
            Nd4j.gemm(a, a, m, true, false, 1.0, 1.0);                      // M += aᵀa
        }
        INDArray mw = m.mmul(w);                                            // H×D
        double value = scale * mw.mul(w).sumNumber().doubleValue() / b;
        gradients.dW().addi(mw.muli(lambda * scale / b));
        return 0.5 * lambda * value;
    }

    /** Whether 2·n_proj·B·H·D (two GEMMs per projection) exceeds n_proj·B·H² + H²·D (the Gram route), in multiply-adds. */
    boolean gramIsCheaper(int b, int h, int dims) {
        return gramRoute && 2.0 * projections * b * h * dims > (double) projections * b * h * h + (double) h * h * dims;
    }

    /** σ'(h) (order 1) or σ''(h) (order 2) of ReLU(h)^n, a new array. */
    static INDArray derivative(INDArray h, double n, int order) {
        INDArray mask = h.gt(0).castTo(h.dataType());
        if (order == 1) {
            return n == 1 ? mask : Transforms.pow(Transforms.relu(h, true), n - 1, false).muli(mask).muli(n);
        }
        if (n == 1) {
            return h.ulike().assign(0);
        }
        INDArray base = Transforms.max(h, H_FLOOR, true);
        return Transforms.pow(base, n - 2, false).muli(mask).muli(n * (n - 1));
    }

    /**
     * Rows of independent uniformly random unit vectors (normalised Gaussians), drawn in the model's
     * precision by ND4J's native generator, seeded from {@link #rng}: B×H normals per projection
     * are 6 M per batch at the defaults, 0.56 s with java.util.Random's nextGaussian on this machine
     * and 0.15 s natively. A generator of its own per call leaves ND4J's global one untouched.
     */
    INDArray unitRows(int rows, int cols, DataType type) {
        INDArray v = Nd4j.create(type, rows, cols);
        Nd4j.randn(v, Nd4j.getRandomFactory().getNewRandomInstance(rng.nextLong()));
        return v.diviColumnVector(v.norm2(1).reshape(rows, 1));
    }
}
