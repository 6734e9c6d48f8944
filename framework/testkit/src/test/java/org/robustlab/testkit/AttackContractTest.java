package org.robustlab.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;

/** The contract check accepts a correct L∞ attack and catches each way an attack can break the contract. */
class AttackContractTest {
    private final INDArray x = TestImages.uniform(5, 48, 1, DataType.FLOAT);
    private final int[] labels = new int[5];

    /** Random signs times ε·scale, clipped to the box; optionally in place, or with a fresh stream each call. */
    private static Attack signs(double scale, boolean inPlace, boolean ownRandom) {
        AtomicLong calls = new AtomicLong();
        return new Attack() {
            @Override
            public String name() {
                return "signs";
            }

            @Override
            public String description() {
                return "test attack";
            }

            @Override
            public String norm() {
                return "inf";
            }

            @Override
            public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
                Random r = ownRandom ? new Random(calls.incrementAndGet()) : rng;
                INDArray out = inPlace ? x : x.dup();
                for (long i = 0; i < out.length(); i++) {
                    out.putScalar(i, Math.min(1, Math.max(0, out.getDouble(i) + (r.nextBoolean() ? 1 : -1) * epsilon * scale)));
                }
                return out;
            }
        };
    }

    @Test
    void aCorrectAttackPasses() {
        INDArray adv = AttackContract.assertValidPerturbation(signs(1, false, false), null, x, labels, 0.03, 7, InputBox.PIXELS);
        assertTrue(adv.sub(x).amaxNumber().doubleValue() > 0.02, "it moved");
    }

    @Test
    void eachBrokenPromiseIsCaught() {
        assertThrows(AssertionError.class, () -> AttackContract.assertValidPerturbation(signs(1.01, false, false), null, x,
                labels, 0.03, 7, InputBox.PIXELS), "beyond epsilon");
        assertThrows(AssertionError.class, () -> AttackContract.assertValidPerturbation(signs(1, true, false), null, x.dup(),
                labels, 0.03, 7, InputBox.PIXELS), "modifies its input");
        assertThrows(AssertionError.class, () -> AttackContract.assertValidPerturbation(signs(1, false, true), null, x,
                labels, 0.03, 7, InputBox.PIXELS), "ignores the random stream");
    }
}
