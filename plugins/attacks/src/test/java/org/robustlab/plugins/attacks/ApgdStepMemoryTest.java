package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Attack;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;
import org.robustlab.numerics.StepMemory;

/**
 * APGD's iterations keep their temporaries in {@link StepMemory} and carry their state in arrays of their own: the
 * points it returns are bit-identical to plain allocation (L∞ and L2, restarts, a random start, a budget per image,
 * float32 and float64 models; checkpoints with step halving and restarts from the best point happen within the 25
 * steps), under ND4J's SCOPE_PANIC mode, which fails any read of an iteration's array after its scope closed.
 */
class ApgdStepMemoryTest {
    @AfterEach
    void restore() {
        StepMemory.enabled = true;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
    }

    static List<float[]> outputs() {
        INDArray x = Nd4j.rand(new Random(8).nextLong(), new long[]{60, ApgdAttackTest.D}).castTo(DataType.FLOAT);
        List<DifferentiableModel> models = List.of(
                new LinearModel(Nd4j.randn(new Random(2).nextLong(), new long[]{4, ApgdAttackTest.D}), Nd4j.zeros(DataType.DOUBLE, 4)),
                new TanhMlp(5, ApgdAttackTest.D, 24, 4, 3, DataType.DOUBLE),
                new TanhMlp(6, ApgdAttackTest.D, 24, 4, 3, DataType.FLOAT));
        double[] eps = new double[60];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = 0.002 * Math.pow(1.08, i);
        }
        List<float[]> out = new ArrayList<>();
        for (DifferentiableModel m : models) {
            int[] y = m.predict(x);
            for (String norm : List.of("inf", "2")) {
                double scale = "inf".equals(norm) ? 1 : Math.sqrt(ApgdAttackTest.D);
                double[] e = java.util.Arrays.stream(eps).map(v -> v * scale).toArray();
                Attack a = GradientAttacksTest.configure(new ApgdAttack(), Map.of("norm", norm, "steps", 25, "restarts", 1,
                        "randomStart", true));
                out.add(a.perturb(m, x, y, e, new Random(3), InputBox.PIXELS).castTo(DataType.FLOAT).data().asFloat());
                Attack plain = GradientAttacksTest.configure(new ApgdAttack(), Map.of("norm", norm, "steps", 25));
                out.add(plain.perturb(m, x, y, e, new Random(4), InputBox.PIXELS).castTo(DataType.FLOAT).data().asFloat());
            }
        }
        return out;
    }

    @Test
    void reusedIterationMemoryGivesTheSamePoints() {
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.SCOPE_PANIC);
        List<float[]> reused = outputs();
        StepMemory.enabled = false;
        Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.DISABLED);
        List<float[]> plain = outputs();
        assertEquals(plain.size(), reused.size());
        for (int i = 0; i < plain.size(); i++) {
            assertArrayEquals(plain.get(i), reused.get(i), 0f, "case " + i);
        }
    }
}
