package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The one-pass Adam update against the plain ND4J expression it replaces. */
class AdamTest {
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void fusedUpdateMatchesPlainExpression(DataType type) {
        Nd4j.getRandom().setSeed(7);
        // 200×1000 spans several parallel chunks with a ragged tail; the others take the short path.
        List<INDArray> fast = List.of(Nd4j.randn(type, 200, 1001), Nd4j.randn(type, 10, 7), Nd4j.randn(type, 10));
        List<INDArray> plain = new ArrayList<>();
        fast.forEach(p -> plain.add(p.dup()));
        Adam a = new Adam(fast);
        Adam b = new Adam(plain);
        double tol = type == DataType.FLOAT ? 1e-5 : 1e-12;
        for (int step = 0; step < 50; step++) {
            List<INDArray> grads = new ArrayList<>();
            for (INDArray p : fast) {
                // gradients over five orders of magnitude, some exactly zero, to exercise ε and the bias correction
                INDArray g = Nd4j.randn(type, p.shape()).muli(Math.pow(10, (step % 5) - 3));
                g.muli(Nd4j.rand(type, p.shape()).gt(0.1).castTo(type));
                grads.add(g);
            }
            List<INDArray> before = new ArrayList<>();
            fast.forEach(p -> before.add(p.dup()));
            a.step(grads, 1e-3);
            b.stepReference(grads, 1e-3);
            for (int i = 0; i < fast.size(); i++) {
                INDArray moved = fast.get(i).sub(before.get(i));
                assertTrue(moved.norm2Number().doubleValue() > 0, "step " + step + " moved parameter " + i);
                double err = fast.get(i).sub(plain.get(i)).norm2Number().doubleValue()
                        / plain.get(i).norm2Number().doubleValue();
                assertTrue(err < tol, type + " step " + step + " parameter " + i + ": relative difference " + err);
            }
        }
    }
}
