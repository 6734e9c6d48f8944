package org.robustlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.testkit.Fixtures;

class ExtensionRegistryTest {
    private final ExtensionRegistry registry = Fixtures.registry();

    private String error(ExtensionKind kind, String name) {
        return assertThrows(RobustlabException.class, () -> registry.find(kind, name)).getMessage();
    }

    @Test
    void typoGetsASuggestion() {
        assertEquals("unknown attack 'pgdd'; did you mean 'pgd'? available: fgsm, pgd, random", error(ExtensionKind.ATTACK, "pgdd"));
    }

    @Test
    void missingPluginSaysNotAvailable() {
        assertEquals("encoder 'kh' is not available: no loaded plugin provides it; available: mlp", error(ExtensionKind.ENCODER, "kh"));
    }

    @Test
    void wrongKindIsExplained() {
        assertEquals("encoder 'pgd' is not available: no loaded plugin provides it ('pgd' is an attack); available: mlp",
                error(ExtensionKind.ENCODER, "pgd"));
    }

    @Test
    void emptyKindSaysNoneLoaded() {
        assertEquals("metric 'evaluation' is not available: no loaded plugin provides it; no metrics are loaded",
                error(ExtensionKind.METRIC, "evaluation"));
    }
}
