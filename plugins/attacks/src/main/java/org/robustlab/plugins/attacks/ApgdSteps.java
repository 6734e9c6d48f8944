package org.robustlab.plugins.attacks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.InputBox;
import org.robustlab.numerics.RowPasses;

/**
 * Auto-PGD's per-iteration array work as single passes over the batch, rows split over the cores: the ~20 whole-batch
 * float64 ND4J passes an iteration made (direction, two projections and clips, momentum, casts, row selections) took
 * about as long as the model's two GEMMs. The same float64 operations in the same order as the plain expressions
 * ({@link #plainMomentumStep}, {@link #plainCopyRows}: the reference the tests compare with), so L∞ steps give the same
 * values; L2 norms are summed in another order (1e-15 relative).
 */
final class ApgdSteps {
    private ApgdSteps() {
    }

    /**
     * One Auto-PGD iterate for every row i: z = P(x + η_i d(g)), x' = P(x + a(z − x) + (1 − a)(x − xPrev)), with
     * d = sign(g) for L∞ or g/‖g‖₂ for L2 (0 where g is 0) and P the projection onto the ε_i-ball around x0 followed
     * by the clip to {@code box}. Then xPrev ← x, x ← x', and {@code xModel} ← x' rounded to its type.
     *
     * @param x      N×D float64 iterate x_k (becomes x_{k+1})
     * @param xPrev  N×D float64 previous iterate x_{k−1} (becomes x_k)
     * @param x0     N×D float64 clean images
     * @param grad   N×D float64 loss gradient at x_k
     * @param eta    step size per row
     * @param eps    budget per row
     * @param a      momentum weight of the new step (1 on the first iteration)
     * @param xModel N×D array the model evaluates next (modified); may be {@code x} itself
     */
    static void momentumStep(INDArray x, INDArray xPrev, INDArray x0, INDArray grad, double[] eta, double[] eps, double a,
                             String norm, InputBox box, INDArray xModel) {
        boolean inf = "inf".equals(norm);
        double b = 1 - a;
        double lo = box.lo();
        double hi = box.hi();
        RowPasses.forEachRow(x, 5, (row, s) -> {
            double[] xk = s.d[0];
            double[] xp = s.d[1];
            double[] c = s.d[2];
            double[] g = s.d[3];
            double[] z = s.d[4];
            s.get(x, row, xk);
            s.get(xPrev, row, xp);
            s.get(x0, row, c);
            s.get(grad, row, g);
            double e = eps[row];
            double step = eta[row];
            RowSteps.step(z, xk, g, step, inf);
            RowSteps.project(z, c, e, inf, lo, hi, g);
            for (int j = 0; j < z.length; j++) {
                double next = xk[j] + (z[j] - xk[j]) * a + (xk[j] - xp[j]) * b;
                xp[j] = xk[j];
                xk[j] = next;
            }
            RowSteps.project(xk, c, e, inf, lo, hi, g);
            s.put(xPrev, row, xp);
            s.put(x, row, xk);
            if (xModel != x) {
                s.put(xModel, row, xk);
            }
        });
    }

    /** Rows i of {@code target} with {@code take[i]} become copies of those of {@code source}; the others are kept. */
    static void copyRows(INDArray target, INDArray source, boolean[] take) {
        boolean any = false;
        for (boolean t : take) {
            any |= t;
        }
        if (!any) {
            return;
        }
        RowPasses.forEachRow(target, 1, (row, s) -> {
            if (take[row]) {
                s.get(source, row, s.d[0]);
                s.put(target, row, s.d[0]);
            }
        });
    }

    /** {@link #momentumStep} as whole-array ND4J expressions: the reference for tests and {@code plainSteps}. */
    static void plainMomentumStep(INDArray x, INDArray xPrev, INDArray x0, INDArray grad, double[] eta, double[] eps,
                                  double a, String norm, InputBox box, INDArray xModel) {
        INDArray epsColumn = Steps.column(eps);
        INDArray step = Steps.direction(grad, norm).muliColumnVector(Steps.column(eta));
        INDArray z = Steps.project(x.add(step), x0, epsColumn, norm, box);
        INDArray next = x.add(z.sub(x).muli(a)).addi(x.sub(xPrev).muli(1 - a));
        Steps.project(next, x0, epsColumn, norm, box);
        xPrev.assign(x);
        x.assign(next);
        if (xModel != x) {
            xModel.assign(x.castTo(xModel.dataType()));
        }
    }

    /** {@link #copyRows} as a blend with a 0/1 column: t(1 − m) + s·m (the reference for tests and {@code plainSteps}). */
    static void plainCopyRows(INDArray target, INDArray source, boolean[] take) {
        double[] mask = new double[take.length];
        boolean any = false;
        for (int i = 0; i < take.length; i++) {
            mask[i] = take[i] ? 1 : 0;
            any |= take[i];
        }
        if (any) {
            INDArray m = Steps.column(mask);
            target.muliColumnVector(m.rsub(1)).addi(source.mulColumnVector(m));
        }
    }
}
