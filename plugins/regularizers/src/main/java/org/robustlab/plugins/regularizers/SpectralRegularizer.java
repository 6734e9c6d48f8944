package org.robustlab.plugins.regularizers;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pf4j.Extension;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;
import org.robustlab.api.StudyContext;
import org.robustlab.numerics.SymmetricEigen;

/**
 * Spectral regularisation towards a 1/n^α power law (Nassar et al. 2020; docs/methods.md §3). Once
 * per epoch: eigenvectors V of the covariance of ĥ over the training set (float64, symmetrised,
 * LAPACK, descending), frozen for the epoch. Per batch: pseudo-eigenvalues λ̃ = diag(Vᵀ C_b V),
 * sorted descending; anchor β* = λ̃_τ (τ+1)^α held constant; γ_n = β* / (n+1)^α;
 * R = (1/H) Σ_{n>τ, λ̃_n>0} [(λ̃_n/γ_n − 1)² + ReLU(λ̃_n/γ_n − 1)]; loss += β R. The gradient flows
 * through C_b only (never through the eigendecomposition): ∂λ̃_n/∂Ĥ = (2/(B−1)) H_c v_n v_nᵀ.
 * With {@code on: 'pre'} the same is done on the pre-activation h = Wx (the seed code's choice).
 * With {@code anchor: 'unit'} the target is absolute, γ_n = 1/(n+1)^α in the representation's own units, and every
 * rank from τ on is penalised: the seed code's SpecReg (holzhauk/LocalLearning e1b82cd, Regularizers.py lines 455–459
 * and 500–501), which pins the spectrum's scale as well as its shape.
 */
@Extension
public class SpectralRegularizer implements Regularizer {
    @Param(description = "strength beta", primary = true, min = 0)
    double beta = 1;
    @Param(description = "target power-law exponent alpha", min = 0)
    double alpha = 1;
    @Param(description = "anchor rank tau (0-based); ranks above it are penalised", min = 0)
    int tau = 10;
    @Param(description = "where the anchor beta* comes from: 'batch' (rank-tau pseudo-eigenvalue of each minibatch, as"
            + " docs/methods.md and Nassar's code), 'epoch' (rank-tau eigenvalue over the training set, frozen with V) or"
            + " 'unit' (no anchor: the absolute target 1/(n+1)^alpha from rank tau on, as the seed code's SpecReg)",
            choices = {"batch", "epoch", "unit"})
    String anchor = "batch";
    @Param(description = "the representation whose spectrum is shaped: 'hidden' (ĥ = ReLU(h)^n, the paper's text) or 'pre'"
            + " (h = Wx, what the seed code regularises)", choices = {"hidden", "pre"})
    String on = "hidden";

    INDArray eigenvectors;
    /** Eigenvalues over the training set, descending (computed with the eigenvectors). */
    double[] eigenvalues;
    /** {@link #eigenvectors} in float32, for float32 models (made with them in beforeEpoch). */
    INDArray eigenvectorsFloat;

    @Override
    public String name() {
        return "spectral";
    }

    @Override
    public String description() {
        return "pushes the hidden-representation spectrum towards 1/n^alpha (Nassar et al. 2020)";
    }

    @Override
    public void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation,
                            Function<INDArray, INDArray> preActivation, StudyContext context) {
        beforeEpoch(epoch, trainInputs, "pre".equals(on) ? preActivation : representation, context);
    }

    @Override
    public void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation, StudyContext context) {
        INDArray cov = covariance(trainInputs, representation);
        eigenvectors = eigenvectors(cov);
        eigenvectorsFloat = eigenvectors.castTo(DataType.FLOAT);
        // λ_n = v_nᵀ C v_n: the eigenvalues in the eigenvectors' order, without a second decomposition.
        eigenvalues = cov.mmul(eigenvectors).muli(eigenvectors).sum(0).toDoubleVector();
    }

    /** Covariance of ĥ over all inputs, in float64, accumulated in chunks (the host's numerics). */
    static INDArray covariance(INDArray inputs, Function<INDArray, INDArray> representation) {
        return org.robustlab.numerics.Covariance.ofRepresentation(inputs, representation);
    }

    /**
     * Eigenvectors of a symmetric matrix as columns, by descending eigenvalue (LAPACK dsyevd through the host's
     * {@link SymmetricEigen}, which checks that they are orthonormal).
     */
    static INDArray eigenvectors(INDArray symmetric) {
        try {
            return SymmetricEigen.decompose(symmetric).vectors();
        } catch (IllegalStateException e) {
            throw new org.robustlab.api.RobustlabException("spectral: " + e.getMessage(), e);
        }
    }

    /** Fails loudly when the eigenvectors are not orthonormal (a broken LAPACK kernel would turn the penalty into noise). */
    static void checkOrthonormal(INDArray v) {
        try {
            SymmetricEigen.checkOrthonormal(v);
        } catch (IllegalStateException e) {
            throw new org.robustlab.api.RobustlabException("spectral: " + e.getMessage(), e);
        }
    }

    @Override
    public double penalty(HiddenBatch batch, HiddenGradients gradients) {
        if (eigenvectors == null) {
            throw new IllegalStateException("spectral regularizer used before beforeEpoch computed the eigenvectors");
        }
        double fixed = "unit".equals(anchor) ? 1.0
                : "epoch".equals(anchor) && tau < eigenvalues.length ? eigenvalues[tau] * Math.pow(tau + 1, alpha) : Double.NaN;
        if (!"pre".equals(on)) {
            return penalty(batch.hHat(), gradients.wIsTrainable() ? gradients.dHhat() : null, fixed);
        }
        if (!gradients.wIsTrainable()) {
            return penalty(batch.h(), null, fixed);
        }
        if (gradients.dH() != null) {
            return penalty(batch.h(), gradients.dH(), fixed); // accumulated inside the projection GEMM
        }
        INDArray dH = batch.h().ulike().assign(0);
        double value = penalty(batch.h(), dH, fixed);
        gradients.addPreActivationGradient(dH, batch.x());
        return value;
    }

    /**
     * The penalty of a batch of representations; adds β ∂R/∂Ĥ into {@code dHhat} when given.
     * {@code fixedAnchor} (tests) replaces β* when not NaN.
     */
    double penalty(INDArray hHat, INDArray dHhat, double fixedAnchor) {
        int b = (int) hHat.rows();
        int h = (int) hHat.columns();
        // Project in the representation's own precision: a float32 model pays two float32 GEMMs
        // (half the float64 cost); float64 inputs (the gradient checks) stay float64 throughout.
        DataType type = hHat.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        INDArray v = type == DataType.DOUBLE ? eigenvectors : eigenvectorsFloat;
        INDArray hs = hHat.castTo(type);
        INDArray hc = hs.subRowVector(hs.mean(0));
        INDArray p = hc.mmul(v);                                              // B×H projections
        INDArray pd = p.castTo(DataType.DOUBLE);
        double[] lam = pd.mul(pd).sum(0).divi(b - 1).toDoubleVector();       // pseudo-eigenvalues, summed in float64
        Integer[] order = new Integer[h];
        for (int i = 0; i < h; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -lam[i]).thenComparingInt(i -> i));
        if (tau >= h) {
            return 0;
        }
        double betaStar = Double.isNaN(fixedAnchor) ? lam[order[tau]] * Math.pow(tau + 1, alpha) : fixedAnchor;
        double r = 0;
        double[] g = new double[h];
        // an anchored target leaves its anchor rank τ free; the absolute ('unit') target penalises τ too
        int first = "unit".equals(anchor) ? tau : tau + 1;
        for (int m = first; m < h; m++) {
            double l = lam[order[m]];
            if (!(l > 0) || !(betaStar > 0)) {
                continue;
            }
            double gamma = betaStar / Math.pow(m + 1, alpha);
            double ratio = l / gamma;
            r += (ratio - 1) * (ratio - 1) + Math.max(0, ratio - 1);
            g[order[m]] = (2 * (ratio - 1) + (ratio > 1 ? 1 : 0)) / gamma / h;
        }
        r /= h;
        if (dHhat != null) {
            INDArray scaled = p.muliRowVector(Nd4j.createFromArray(g).reshape(1, h).castTo(type));
            double factor = 2.0 * beta / (b - 1);
            if (dHhat.dataType() == type && dHhat.ordering() == 'c' && !dHhat.isView()) {
                Nd4j.gemm(scaled, v, dHhat, false, true, factor, 1.0); // accumulate in the GEMM: no B×H temporary
            } else {
                dHhat.addi(scaled.mmul(v.transpose()).muli(factor).castTo(dHhat.dataType()));
            }
        }
        return beta * r;
    }
}
