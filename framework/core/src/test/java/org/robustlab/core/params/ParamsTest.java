package org.robustlab.core.params;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustlab.api.Param;
import org.robustlab.api.RobustlabException;

class ParamsTest {
    static class Thing {
        @Param(description = "number of steps", min = 1)
        int steps = 10;
        @Param(description = "strength", primary = true, min = 0)
        double lambda = 1e-4;
        @Param(description = "norm", choices = {"inf", "2"})
        String norm = "inf";
        @Param(description = "grid")
        double[] grid = {1, 2};
        @Param(description = "flag")
        boolean flag;
    }

    private static String error(Map<String, ?> args, Object positional) {
        return assertThrows(RobustlabException.class, () -> Params.bind(new Thing(), "attack 'thing'", args, positional)).getMessage();
    }

    @Test
    void bindsNamedPositionalAndConverts() {
        Thing t = new Thing();
        Params.bind(t, "attack 'thing'", Map.of("steps", 20, "norm", 2, "grid", List.of(0.5, 1), "flag", true), 0.25);
        assertEquals(20, t.steps);
        assertEquals(0.25, t.lambda);
        assertEquals("2", t.norm);
        assertArrayEquals(new double[]{0.5, 1}, t.grid);
        assertEquals(Map.of("steps", 20, "lambda", 0.25, "norm", "2", "grid", List.of(0.5, 1.0), "flag", true),
                Params.describe(t));
    }

    @Test
    void unknownKeySuggestsAndListsValidKeys() {
        assertEquals("unknown parameter 'stpes' for attack 'thing'; did you mean 'steps'? valid: steps, lambda, norm, grid, flag",
                error(Map.of("stpes", 3), null));
    }

    @Test
    void wrongTypeRangeAndChoice() {
        assertEquals("attack 'thing': steps expects int but got 2.5 (steps (int, default 10): number of steps)",
                error(Map.of("steps", 2.5), null));
        assertEquals("attack 'thing': steps = 0 is out of range; minimum 1 (steps (int, default 10): number of steps)",
                error(Map.of("steps", 0), null));
        assertEquals("attack 'thing': norm = '1' is not allowed; choose one of inf, 2", error(Map.of("norm", "1"), null));
    }

    @Test
    void helpComesFromTheDeclaration() {
        assertEquals("steps (int, default 10): number of steps", Params.help(new Thing()).lines().findFirst().orElseThrow());
    }

    @Test
    void suggestionsNeedACloseMatch() {
        assertEquals("pgd", Suggestions.closest("pgdd", List.of("fgsm", "pgd", "random")).orElseThrow());
        assertEquals("attack", Suggestions.closest("atack", List.of("attack", "analyze")).orElseThrow());
        assertEquals(false, Suggestions.closest("zzz", List.of("fgsm", "pgd")).isPresent());
    }
}
