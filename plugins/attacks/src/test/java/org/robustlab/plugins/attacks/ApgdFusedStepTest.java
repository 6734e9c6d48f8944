package org.robustlab.plugins.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.InputBox;

/**
 * Auto-PGD's fused row passes against the whole-array ND4J expressions they replaced, on random iterates, gradients
 * (zero entries, a zero row), budgets and boxes: L∞ gives the same values, L2 agrees to 1e-12; then whole attacks
 * with restarts, a random start and checkpoints, on float32 and float64 models.
 */
class ApgdFusedStepTest {
    static final int D = 37;

    private static INDArray random(Random rng, int rows, double scale, double offset) {
        double[] v = new double[rows * D];
        for (int i = 0; i < v.length; i++) {
            v[i] = offset + scale * rng.nextDouble();
        }
        return Nd4j.create(v, new long[]{rows, D}, DataType.DOUBLE);
    }

    @ParameterizedTest
    @CsvSource({"inf,1,PIXELS,FLOAT,false", "inf,0.75,PIXELS,DOUBLE,false", "inf,0.75,INNER,FLOAT,true",
            "inf,0.75,OPEN,FLOAT,false", "2,1,PIXELS,FLOAT,false", "2,0.75,INNER,DOUBLE,false", "2,0.75,OPEN,FLOAT,true"})
    void momentumStepEqualsThePlainExpressions(String norm, double a, String boxName, DataType modelType, boolean oneBudget) {
        Random rng = new Random(11);
        int rows = 70;
        InputBox box = switch (boxName) {
            case "PIXELS" -> InputBox.PIXELS;
            case "INNER" -> new InputBox(0.05, 0.95);
            default -> new InputBox(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        };
        INDArray x0 = random(rng, rows, 1, 0);
        INDArray x = x0.add(random(rng, rows, 0.4, -0.2));
        INDArray xPrev = x0.add(random(rng, rows, 0.4, -0.2));
        INDArray grad = random(rng, rows, 2, -1);
        for (int j = 0; j < D; j += 5) {
            grad.putScalar(3, j, 0.0); // sign 0: no move along j
        }
        grad.getRow(4).assign(0); // a flat image: no step for L2
        double[] eta = new double[rows];
        double[] eps = new double[rows];
        for (int i = 0; i < rows; i++) {
            eps[i] = oneBudget ? 0.05 : ("inf".equals(norm) ? 0.2 : 1.0) * rng.nextDouble();
            eta[i] = 2 * eps[i] * (1 + rng.nextInt(3)) / 4;
        }
        eps[0] = oneBudget ? eps[0] : 0; // a zero budget keeps the image
        INDArray xPlain = x.dup();
        INDArray prevPlain = xPrev.dup();
        INDArray modelPlain = modelType == DataType.DOUBLE ? xPlain : Nd4j.create(modelType, rows, D);
        INDArray modelFused = modelType == DataType.DOUBLE ? x : Nd4j.create(modelType, rows, D);
        ApgdSteps.plainMomentumStep(xPlain, prevPlain, x0, grad, eta, eps, a, norm, box, modelPlain);
        ApgdSteps.momentumStep(x, xPrev, x0, grad, eta, eps, a, norm, box, modelFused);

        double tol = "inf".equals(norm) ? 0 : 1e-12;
        assertEquals(0, xPlain.sub(x).amaxNumber().doubleValue(), tol, "x_{k+1}");
        assertEquals(0, prevPlain.sub(xPrev).amaxNumber().doubleValue(), 0, "x_k kept as the previous iterate");
        double modelTol = modelType == DataType.FLOAT && tol > 0 ? 1e-7 : tol;
        assertEquals(0, modelPlain.castTo(DataType.DOUBLE).sub(modelFused.castTo(DataType.DOUBLE)).amaxNumber()
                .doubleValue(), modelTol, "the model's copy");
        double moved = x.sub(xPrev).amaxNumber().doubleValue();
        assertTrue(moved > 0.01, "the step moved the iterate (" + moved + ")");
    }

    @Test
    void copyRowsEqualsTheBlend() {
        Random rng = new Random(4);
        INDArray target = random(rng, 50, 2, -1);
        INDArray source = random(rng, 50, 2, -1);
        boolean[] take = new boolean[50];
        for (int i = 0; i < take.length; i++) {
            take[i] = rng.nextBoolean();
        }
        INDArray plain = target.dup();
        ApgdSteps.plainCopyRows(plain, source, take);
        ApgdSteps.copyRows(target, source, take);
        assertEquals(plain, target);
        for (int i = 0; i < take.length; i++) {
            assertEquals(take[i] ? source.getRow(i) : plain.getRow(i), target.getRow(i), "row " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"inf,FLOAT", "inf,DOUBLE", "2,FLOAT", "2,DOUBLE"})
    void fusedAttackEqualsThePlainAttack(String norm, DataType type) {
        DifferentiableModel model = new TanhMlp(9, D, 24, 4, 3, type);
        int rows = 60;
        INDArray x = random(new Random(8), rows, 1, 0).castTo(type);
        int[] y = model.predict(x);
        double[] eps = new double[rows];
        for (int i = 0; i < rows; i++) {
            eps[i] = ("inf".equals(norm) ? 0.002 : 0.002 * Math.sqrt(D)) * Math.pow(1.08, i);
        }
        Map<String, Object> args = Map.of("norm", norm, "steps", 25, "restarts", 1, "randomStart", true);
        ApgdAttack fused = GradientAttacksTest.configure(new ApgdAttack(), args);
        ApgdAttack plain = GradientAttacksTest.configure(new ApgdAttack(), args);
        plain.plainSteps = true;
        InputBox box = new InputBox(0.02, 0.98);
        INDArray a = fused.perturb(model, x, y, eps, new Random(3), box).castTo(DataType.DOUBLE);
        INDArray b = plain.perturb(model, x, y, eps, new Random(3), box).castTo(DataType.DOUBLE);
        double tol = "inf".equals(norm) ? 0 : (type == DataType.FLOAT ? 1e-6 : 1e-12);
        assertEquals(0, a.sub(b).amaxNumber().doubleValue(), tol);
        int fooled = 0;
        int[] pred = model.predict(a.castTo(type));
        for (int i = 0; i < rows; i++) {
            fooled += pred[i] != y[i] ? 1 : 0;
        }
        assertTrue(fooled > 5 && fooled < rows, "budgets from too small to large enough: " + fooled + " of " + rows + " fooled");
    }
}
