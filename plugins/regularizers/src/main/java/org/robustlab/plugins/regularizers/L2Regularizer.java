package org.robustlab.plugins.regularizers;

import org.pf4j.Extension;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;
import org.robustlab.api.RobustlabException;

/**
 * λ‖W‖_F² on the first-layer weights (docs/methods.md §3), gradient 2λW; with {@code on: 'all'} λ(‖W‖² + ‖A‖² + ‖b‖²)
 * over every parameter, as the seed code's {@code LpReg} with p = 2 (src/LocalLearning/Regularizers.py, lines
 * 538–569: the sum of ‖P‖₂² over {@code model.parameters()}).
 */
@Extension
public class L2Regularizer implements Regularizer {
    @Param(description = "strength λ", primary = true, min = 0)
    double lambda = 1e-4;
    @Param(description = "what is penalised: the first-layer weights W, or all parameters W, A and b (the seed code)",
            choices = {"w", "all"})
    String on = "w";

    @Override
    public String name() {
        return "l2";
    }

    @Override
    public String description() {
        return "weight decay λ‖W‖_F² on the encoder weights";
    }

    @Override
    public double penalty(HiddenBatch batch, HiddenGradients gradients) {
        double penalty = 0;
        if (gradients.wIsTrainable()) { // else W is frozen (KH decoder): its penalty is a constant
            double sq = batch.w().norm2Number().doubleValue();
            gradients.dW().addi(batch.w().mul(2 * lambda));
            penalty += lambda * sq * sq;
        }
        if ("all".equals(on)) {
            if (batch.a() == null || gradients.dA() == null || gradients.db() == null) {
                throw new RobustlabException("l2(on: 'all') needs the readout weights, which this encoder does not offer;"
                        + " use on: 'w'");
            }
            double a = batch.a().norm2Number().doubleValue();
            double b = batch.b().norm2Number().doubleValue();
            gradients.dA().addi(batch.a().mul(2 * lambda));
            gradients.db().addi(batch.b().reshape(gradients.db().shape()).mul(2 * lambda));
            penalty += lambda * (a * a + b * b);
        }
        return penalty;
    }
}
