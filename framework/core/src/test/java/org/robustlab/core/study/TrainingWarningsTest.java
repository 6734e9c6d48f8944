package org.robustlab.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustlab.api.TrainingRecord;

class TrainingWarningsTest {
    private static TrainingRecord r(int epoch, double loss, double acc) {
        return new TrainingRecord(epoch, loss, 0, acc, 1);
    }

    @Test
    void aFiniteButExplodedLossIsAWarning() {
        List<String> w = TrainingWarnings.of("bp", List.of(r(0, 2.3, 0.3), r(1, 50, 0.2), r(2, 9e19, 0.5)), 10);
        assertEquals(List.of("model 'bp' diverged: its training loss grew from 2.300 (epoch 0) to 9.000e+19 (epoch 2);"
                + " lower the learning rate or the regularizer strength"), w);
    }

    @Test
    void chanceAccuracyAfterTheLastEpochIsAWarning() {
        List<String> w = TrainingWarnings.of("kh", List.of(r(0, 2.3, 0.3), r(1, 2.2, 0.08)), 10);
        assertEquals(List.of("model 'kh' is at chance: training accuracy 0.080 after epoch 1 (chance 0.100); its robustness"
                + " numbers mean nothing. Check the learning rate, the epochs and the data"), w);
    }

    @Test
    void aHealthyRunHasNoWarnings() {
        assertEquals(List.of(), TrainingWarnings.of("ok", List.of(r(0, 2.3, 0.2), r(1, 1.5, 0.45)), 10));
        assertEquals(List.of(), TrainingWarnings.of("ok", List.of(r(0, 2.3, 0.2), r(1, 229, 0.45)), 10), "below 100x");
        assertEquals(List.of(), TrainingWarnings.of("none", List.of(), 10));
    }
}
