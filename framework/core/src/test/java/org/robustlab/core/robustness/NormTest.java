package org.robustlab.core.robustness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Norm;
import org.robustlab.api.RobustlabException;

/** One reading of an attack's norm string for the whole host (the grid and the budget check used to disagree). */
class NormTest {
    @Test
    void spellingsAndErrors() {
        for (String s : new String[]{"2", "l2", "L2", " 2 "}) {
            assertEquals(Norm.L2, Norm.of(s), s);
        }
        for (String s : new String[]{"inf", "Inf", "linf", "Linf", "infinity", "l_inf"}) {
            assertEquals(Norm.LINF, Norm.of(s), s);
        }
        RobustlabException e = assertThrows(RobustlabException.class, () -> Norm.of("l1"));
        assertTrue(e.getMessage().contains("'l1'") && e.getMessage().contains("norm: '2'"), e.getMessage());
        assertThrows(RobustlabException.class, () -> Norm.of(null));
        assertEquals("inf", Norm.LINF.key());
        assertEquals("2", Norm.L2.toString());
    }

    @Test
    void rowNormsAndDiameters() {
        var d = Nd4j.createFromArray(new double[][]{{3, -4}, {0, 0}, {-1, 0.5}});
        assertArrayEquals(new double[]{5, 0, Math.sqrt(1.25)}, Norm.L2.rowNorms(d).toDoubleVector(), 1e-15);
        assertArrayEquals(new double[]{4, 0, 1}, Norm.LINF.rowNorms(d).toDoubleVector(), 0);
        assertEquals(1.0, Norm.LINF.diameter(1, 3072));
        assertEquals(Math.sqrt(3072), Norm.L2.diameter(1, 3072), 1e-12);
    }

    @Test
    void defaultGridsFollowTheNorm() {
        SweepSettings s = new SweepSettings();
        double[] l2 = s.grid(Norm.L2);
        double[] inf = s.grid(Norm.LINF);
        assertEquals(1e-4, l2[0], 1e-12);
        assertEquals(10, l2[l2.length - 1], 1e-9);
        assertEquals(1e-5, inf[0], 1e-15);
        assertEquals(0.5, inf[inf.length - 1], 1e-12);
    }
}
