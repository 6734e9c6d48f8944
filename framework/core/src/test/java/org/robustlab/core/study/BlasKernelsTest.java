package org.robustlab.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class BlasKernelsTest {
    static final Set<String> AVX512 = Set.of("sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd");
    static final Set<String> AVX2 = Set.of("sse3", "avx", "avx2", "fma");

    @Test
    void kernelFamilyFollowsTheInstructionSets() {
        assertEquals("SkylakeX", BlasKernels.bestFor(AVX512));
        assertEquals("Haswell", BlasKernels.bestFor(AVX2));
        assertEquals("Haswell", BlasKernels.bestFor(Set.of("avx2", "fma", "avx512f"))); // AVX-512 foundation alone is not enough
        assertNull(BlasKernels.bestFor(Set.of("sse3", "avx")));
    }

    @Test
    void adviceOnlyForGenericKernelsOnACapableCpu() {
        String advice = BlasKernels.advice("Prescott", AVX512);
        assertNotNull(advice);
        assertTrue(advice.contains("OPENBLAS_CORETYPE=SkylakeX") && advice.contains("'Prescott'"), advice);
        assertTrue(BlasKernels.advice("Prescott", AVX2).contains("OPENBLAS_CORETYPE=Haswell"));
        assertNull(BlasKernels.advice("SkylakeX", AVX512));
        assertNull(BlasKernels.advice("Prescott", Set.of("sse3")));
        assertNull(BlasKernels.advice(null, AVX512));
    }

    /** The CPU backend's OpenBLAS answers with a kernel name, and the provenance records it. */
    @Test
    void openBlasNamesItsKernels() {
        Nd4j.create(2, 2); // loads the backend
        String core = BlasKernels.coreName();
        assertNotNull(core);
        assertFalse(core.isBlank());
        assertEquals(core, Provenance.environment().get("blasKernels"));
    }
}
