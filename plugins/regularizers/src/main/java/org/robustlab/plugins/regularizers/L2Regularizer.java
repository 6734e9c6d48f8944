package org.robustlab.plugins.regularizers;

import org.pf4j.Extension;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;

/** λ‖W‖_F² on the first-layer weights (METHODS.md §3), gradient 2λW. */
@Extension
public class L2Regularizer implements Regularizer {
    @Param(description = "strength λ", primary = true, min = 0)
    double lambda = 1e-4;

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
        if (!gradients.wIsTrainable()) {
            return 0; // W is frozen (KH decoder): the penalty is a constant
        }
        double sq = batch.w().norm2Number().doubleValue();
        gradients.dW().addi(batch.w().mul(2 * lambda));
        return lambda * sq * sq;
    }
}
