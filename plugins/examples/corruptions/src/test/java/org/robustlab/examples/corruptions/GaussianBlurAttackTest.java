package org.robustlab.examples.corruptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.InputBox;
import org.robustlab.testkit.AttackContract;

class GaussianBlurAttackTest {
    private final INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3072);

    @Test
    void movesExactlyEpsilonTowardsTheBlurInsideThePixelBox() {
        GaussianBlurAttack attack = new GaussianBlurAttack();
        INDArray full = attack.perturb(null, x, new int[5], 1e9, new Random(1));
        double[] fullDistance = full.sub(x).norm2(1).toDoubleVector();
        INDArray adv = attack.perturb(null, x, new int[5], 2.0, new Random(1));
        double[] distance = adv.sub(x).norm2(1).toDoubleVector();
        for (int i = 0; i < 5; i++) {
            assertTrue(fullDistance[i] > 2.0, "random images are far from their blur: " + fullDistance[i]);
            assertEquals(2.0, distance[i], 1e-4, "row " + i);
        }
        // Along the segment from x to blur(x): x′ − x is parallel to blur(x) − x.
        INDArray along = full.sub(x).muli(2.0 / fullDistance[0]).getRow(0);
        assertEquals(0, along.sub(adv.sub(x).getRow(0)).norm2Number().doubleValue(), 1e-4);
        assertTrue(adv.minNumber().doubleValue() >= 0 && adv.maxNumber().doubleValue() <= 1);
        assertEquals(DataType.FLOAT, adv.dataType());
        assertEquals(0, x.sub(attack.perturb(null, x, new int[5], 0, new Random(1))).norm2Number().doubleValue(), 1e-6);
    }

    @Test
    void keepsTheAttackContract() {
        AttackContract.assertValidPerturbation(new GaussianBlurAttack(), null, x, new int[5], 2.0, 1, InputBox.PIXELS);
    }

    @Test
    void largeBudgetGivesTheBlurredImage() {
        INDArray row = x.getRow(0).reshape(1, 3072);
        double[] expected = GaussianBlur.forRgbRows(3072, 1.0).apply(row.castTo(DataType.DOUBLE).toDoubleVector());
        double[] got = new GaussianBlurAttack().perturb(null, row, new int[1], 1e9, new Random(1))
                .castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < got.length; i++) {
            assertEquals(expected[i], got[i], 1e-6);
        }
    }
}
