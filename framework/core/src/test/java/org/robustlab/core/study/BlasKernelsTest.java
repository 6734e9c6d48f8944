package org.robustlab.core.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BlasKernelsTest {
    static final Set<String> AVX512 = Set.of("sse3", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd");
    static final Set<String> AVX2 = Set.of("sse3", "avx", "avx2", "fma");

    @Test
    void kernelFamilyFollowsTheInstructionSets() {
        assertEquals("SkylakeX", BlasKernels.bestFor(AVX512), "OpenBLAS 0.3.21's AVX-512 kernels: right eigenvectors");
        assertEquals("Haswell", BlasKernels.bestFor(AVX2));
        // AVX-512F alone (Knights Landing) lacks the subsets the SkylakeX kernels use
        assertEquals("Haswell", BlasKernels.bestFor(Set.of("avx2", "fma", "avx512f", "avx512cd")));
        assertNull(BlasKernels.bestFor(Set.of("sse3", "avx")));
    }

    @Test
    void adviceOnlyWhenDetectionIsLeftToOpenBlasOnACapableCpu() {
        String advice = BlasKernels.advice("auto", AVX512);
        assertNotNull(advice);
        assertTrue(advice.contains("OPENBLAS_CORETYPE=SkylakeX"), advice);
        assertTrue(BlasKernels.advice("auto", AVX2).contains("OPENBLAS_CORETYPE=Haswell"));
        assertNull(BlasKernels.advice("Haswell", AVX512), "the user chose");
        assertNull(BlasKernels.advice("auto", Set.of("sse3")), "nothing faster to offer");
    }

    @Test
    void provenanceRecordsTheRequestedKernels() {
        assertEquals(BlasKernels.requested(), Provenance.environment().get("openblasCoretype"));
    }
}
