package org.robustlab.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.api.Norm;

/**
 * What the host relies on from every attack (docs/robustness.md): the input is not modified; the result has its
 * shape and number type; each row moved at most ε in the attack's norm (when {@link Attack#boundedByEpsilon()});
 * it stays in the box (when {@link Attack#staysInBox()}); the same random stream gives the same result.
 */
public final class AttackContract {
    private AttackContract() {
    }

    /**
     * Runs {@code attack} twice with {@code new Random(seed)} and checks the contract; returns the perturbed batch.
     *
     * @param model the model attacked (null for attacks that do not use one)
     */
    public static INDArray assertValidPerturbation(Attack attack, DifferentiableModel model, INDArray x, int[] labels,
                                                   double epsilon, long seed, InputBox box) {
        INDArray before = x.dup();
        INDArray adv = attack.perturb(model, x, labels, epsilon, new Random(seed), box);
        assertEquals(before, x, attack.name() + " modified its input");
        assertArrayEquals(x.shape(), adv.shape(), attack.name() + " changed the batch's shape");
        assertEquals(x.dataType(), adv.dataType(), attack.name() + " changed the number type");
        if (attack.boundedByEpsilon()) {
            Norm norm = attack.normType();
            double[] moved = rowNorms(adv.castTo(DataType.DOUBLE).sub(x.castTo(DataType.DOUBLE)), norm);
            double slack = Tolerances.PERTURBATION_BUDGET * Math.max(1, epsilon);
            for (int i = 0; i < moved.length; i++) {
                assertTrue(moved[i] <= epsilon + slack, attack.name() + ": row " + i + " moved " + moved[i] + " in the "
                        + norm + " norm, more than epsilon " + epsilon);
            }
        }
        if (attack.staysInBox()) {
            assertTrue(box.contains(adv, Tolerances.PERTURBATION_BUDGET), attack.name() + " left the input box " + box);
        }
        INDArray again = attack.perturb(model, x, labels, epsilon, new Random(seed), box);
        assertEquals(adv, again, attack.name() + " gave another result for the same random stream");
        return adv;
    }

    /** ‖row‖ of each row of {@code d} (float64) in {@code norm}. */
    public static double[] rowNorms(INDArray d, Norm norm) {
        INDArray n = norm == Norm.L2 ? d.norm2(1) : d.normmax(1);
        return n.castTo(DataType.DOUBLE).toDoubleVector();
    }
}
