package org.robustlab.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeededContextTest {
    @Test
    void purposesGetIndependentReproducibleStreams() {
        assertEquals(SeededContext.derive(42, "train/a"), SeededContext.derive(42, "train/a"));
        assertNotEquals(SeededContext.derive(42, "train/a"), SeededContext.derive(42, "train/b"));
        assertNotEquals(SeededContext.derive(42, "train/a"), SeededContext.derive(43, "train/a"));
    }

    @Test
    void repeatedAttackNamesGetNumberedLabels() {
        assertEquals(List.of("pgd", "fgsm", "pgd-2", "pgd-3"), StudyPlanner.labels(List.of("pgd", "fgsm", "pgd", "pgd")));
    }
}
