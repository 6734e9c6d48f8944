package org.robustlab.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Which OpenBLAS kernels the CPU backend should run. OpenBLAS chooses its kernels from the CPU
 * model; on a model it does not know (a KVM guest reporting "Intel(R) Xeon(R) Processor", as on
 * this project's machine) it falls back to the SSE3 "Prescott" kernels, 2.6× slower there than the
 * AVX2 "Haswell" ones, which the AVX-512 "SkylakeX" ones beat by 1.9× on an Intel AVX-512 CPU (on an
 * AMD Zen 4 they are level). OpenBLAS 0.3.19, bundled until 2026-12-01, returned wrong eigenvectors
 * with its AVX-512 kernels; the bundled 0.3.21 returns right ones. So: SkylakeX on a CPU with the
 * AVX-512 subsets those kernels use, else Haswell with AVX2 + FMA (docs/performance.md). The choice
 * is read from the environment variable
 * {@code OPENBLAS_CORETYPE} when the library loads, so it cannot be made from Java: the launcher
 * sets it, and this class says when it is missing.
 *
 * <p>It does not ask the loaded library for its choice: OpenBLAS's {@code openblas_get_corename}
 * is not in JavaCPP's bindings, and opening the library a second time through JNA to call it
 * corrupted OpenBLAS's buffer table in multi-threaded runs ("BLAS : Bad memory unallocation!",
 * then a crash in sgemm), so the environment variable is what is recorded.
 */
public final class BlasKernels {
    private BlasKernels() {
    }

    /** The kernels asked for with OPENBLAS_CORETYPE, or "auto" (OpenBLAS detects the CPU itself). */
    public static String requested() {
        String v = System.getenv("OPENBLAS_CORETYPE");
        return v == null || v.isBlank() ? "auto" : v.trim();
    }

    /** The AVX-512 subsets OpenBLAS's SkylakeX kernels use. */
    static final Set<String> AVX512_SUBSETS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    /**
     * The kernels to ask for on a CPU with these flags, as the launcher and .ci/run choose: SkylakeX (AVX-512),
     * Haswell (AVX2 + FMA), or null.
     */
    public static String bestFor(Set<String> cpuFlags) {
        if (cpuFlags.containsAll(AVX512_SUBSETS)) {
            return "SkylakeX";
        }
        return cpuFlags.containsAll(Set.of("avx2", "fma")) ? "Haswell" : null;
    }

    /** The CPU's feature flags from /proc/cpuinfo (empty where there is none). */
    public static Set<String> cpuFlags() {
        Path info = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(info)) {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("flags")) {
                        return new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
                    }
                }
            }
        } catch (IOException e) {
            // no flags: no advice
        }
        return Set.of();
    }

    /**
     * A one-line warning when the kernels are left to OpenBLAS's detection on a CPU with AVX2 or
     * AVX-512 (where an unknown model means generic SSE kernels), naming the setting; null when
     * there is nothing to say.
     */
    public static String advice(String requested, Set<String> cpuFlags) {
        String best = bestFor(cpuFlags);
        if (best == null || !"auto".equals(requested)) {
            return null;
        }
        return "note: OPENBLAS_CORETYPE is not set; on a CPU model it does not know OpenBLAS falls back to generic SSE kernels"
                + " (2.6x slower GEMMs on a KVM Xeon)."
                + " Set OPENBLAS_CORETYPE=" + best + " (the ./robustlab launcher does)";
    }
}
