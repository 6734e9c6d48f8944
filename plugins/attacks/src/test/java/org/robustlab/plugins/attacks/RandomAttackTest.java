package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomAttackTest {
    @Test
    void unitDirectionTimesEpsilonInsideTheBox() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 50, 3072).muli(0.6).addi(0.2); // away from the box edges
        RandomAttack attack = new RandomAttack();
        INDArray adv = attack.perturb(null, x, new int[50], 0.5, new Random(1));
        INDArray dist = adv.sub(x).norm2(1);
        for (int i = 0; i < 50; i++) {
            // 0.5 * z/|z| moves each pixel by ~0.009, never reaching the box: exactly eps
            assertEquals(0.5, dist.getDouble(i), 1e-4);
        }
        INDArray big = attack.perturb(null, x, new int[50], 40, new Random(1));
        assertTrue(big.minNumber().doubleValue() >= 0 && big.maxNumber().doubleValue() <= 1);
        assertTrue(big.sub(x).norm2(1).maxNumber().doubleValue() <= 40);
        assertEquals(x, attack.perturb(null, x, new int[50], 0, new Random(1)));
    }

    @Test
    void seededAndDirectionsDifferPerImage() {
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3072).addi(0.5);
        RandomAttack attack = new RandomAttack();
        INDArray a = attack.perturb(null, x, new int[2], 0.1, new Random(7));
        assertEquals(a, attack.perturb(null, x, new int[2], 0.1, new Random(7)));
        assertTrue(!a.getRow(0).equals(a.getRow(1)));
    }
}
