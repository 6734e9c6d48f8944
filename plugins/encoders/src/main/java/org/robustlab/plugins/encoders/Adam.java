package org.robustlab.plugins.encoders;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Adam (Kingma & Ba 2015) with β1 = 0.9, β2 = 0.999, ε = 1e-8, updating parameters in place. */
final class Adam {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;
    private static final double EPS = 1e-8;
    private final List<INDArray> params;
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private int t;

    /** @param params arrays updated in place by {@link #step} (modified) */
    Adam(List<INDArray> params) {
        this.params = params;
        for (INDArray p : params) {
            m.add(p.ulike().assign(0));
            v.add(p.ulike().assign(0));
        }
    }

    /** One update: p −= lr · m̂ / (sqrt(v̂) + ε). {@code grads} are not modified. */
    void step(List<INDArray> grads, double lr) {
        t++;
        double c1 = 1 - Math.pow(B1, t);
        double c2 = 1 - Math.pow(B2, t);
        for (int i = 0; i < params.size(); i++) {
            INDArray g = grads.get(i);
            m.get(i).muli(B1).addi(g.mul(1 - B1));
            v.get(i).muli(B2).addi(g.mul(g).muli(1 - B2));
            INDArray denom = Transforms.sqrt(v.get(i).div(c2), false).addi(EPS);
            params.get(i).subi(m.get(i).div(c1).divi(denom).muli(lr));
        }
    }
}
