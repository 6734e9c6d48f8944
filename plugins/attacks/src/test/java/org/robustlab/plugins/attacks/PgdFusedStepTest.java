package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.InputBox;
import org.robustlab.core.params.Params;

/**
 * PGD's fused step pass against the plain ND4J expressions it replaced, on random images, budgets and starts: L∞
 * gives identical bits, L2 agrees to 1e-12; every clip mode, box, per-image budgets, float32 and float64 models.
 */
class PgdFusedStepTest {
    @ParameterizedTest
    @CsvSource({"inf,step,DOUBLE", "inf,end,DOUBLE", "inf,step,FLOAT", "inf,end,FLOAT", "2,step,DOUBLE", "2,end,FLOAT"})
    void fusedStepsEqualThePlainSteps(String norm, String clip, DataType type) {
        int d = 40;
        TanhMlp model = new TanhMlp(7, d, 16, 4, 2.0, type);
        PgdAttack pgd = new PgdAttack();
        Params.bind(pgd, "pgd", Map.of("norm", norm, "clip", clip, "steps", 7), null);
        Random rng = new Random(3);
        int rows = 50;
        double[] v = new double[rows * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble();
        }
        INDArray x = Nd4j.create(v, new long[]{rows, d}, DataType.DOUBLE).castTo(type);
        int[] labels = new int[rows];
        double[] eps = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(4);
            eps[i] = "inf".equals(norm) ? 0.01 + 0.2 * rng.nextDouble() : 0.1 + 2 * rng.nextDouble();
        }
        eps[0] = 0; // a zero budget keeps the image
        InputBox box = new InputBox(0.05, 0.95);
        INDArray x0 = x.castTo(DataType.DOUBLE);
        INDArray start = Steps.randomStart(x0, eps, norm, new Random(5), box);
        INDArray plain = pgd.runFrom(model, x, labels, eps, start.dup(), box, true);
        INDArray fused = pgd.runFrom(model, x, labels, eps, start.dup(), box, false);
        assertEquals(type, fused.dataType());
        double moved = plain.castTo(DataType.DOUBLE).sub(x0).amaxNumber().doubleValue();
        assertTrue(moved > 0.01, "the attack moved the images (" + moved + ")");
        if ("inf".equals(norm)) {
            assertEquals(plain, fused, "L-inf steps: identical bits");
        } else {
            double diff = plain.castTo(DataType.DOUBLE).sub(fused.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
            assertTrue(diff <= (type == DataType.DOUBLE ? 1e-12 : 1e-6), "L2 steps differ by " + diff);
        }
        INDArray kept = box.clip(x0.getRow(0).dup()); // a zero budget keeps the image, clipped to the box
        assertEquals(0, fused.getRow(0).castTo(DataType.DOUBLE).sub(kept).amaxNumber().doubleValue(), 1e-7, "zero budget");
    }
}
