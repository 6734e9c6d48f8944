package org.robustlab.core.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Which OpenBLAS kernels ND4J's CPU backend runs, and whether the CPU could run faster ones.
 * OpenBLAS chooses its kernels from the CPU model; on a model it does not know (a KVM guest
 * reporting "Intel(R) Xeon(R) Processor", as on this project's machine) it falls back to the SSE3
 * "Prescott" kernels, 5× slower there than the AVX-512 ones the CPU supports. The choice is made
 * when the library loads, from the environment variable {@code OPENBLAS_CORETYPE}, so it cannot be
 * fixed from Java: the launcher sets it, and this class says when it is missing.
 */
public final class BlasKernels {
    private BlasKernels() {
    }

    /**
     * OpenBLAS's name for the kernels in use ("Prescott", "SkylakeX", ...), asked from the library
     * the process has loaded; null when none is loaded (e.g. the CUDA backend) or it cannot be asked.
     */
    public static String coreName() {
        Path lib = loadedOpenBlas();
        if (lib == null) {
            return null;
        }
        try {
            // JavaCPP's bindings leave openblas_get_corename out; JNA (ND4J depends on it) calls it in the
            // already-loaded library (dlopen of a loaded path returns the same instance, same kernel choice)
            com.sun.jna.Function f = com.sun.jna.NativeLibrary.getInstance(lib.toString()).getFunction("openblas_get_corename");
            String name = f.invokeString(new Object[0], false);
            return name == null ? null : name.trim();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The OpenBLAS library mapped into this process (the full one, not the no-LAPACK twin), from /proc/self/maps. */
    static Path loadedOpenBlas() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return null;
        }
        try (var lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.startsWith("/") && Path.of(p).getFileName().toString().startsWith("libopenblas.so"))
                    .findFirst().map(Path::of).orElse(null);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** The kernel family the CPU's instruction sets allow (SkylakeX: AVX-512; Haswell: AVX2 + FMA), or null. */
    public static String bestFor(Set<String> cpuFlags) {
        if (cpuFlags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"))) {
            return "SkylakeX";
        }
        if (cpuFlags.containsAll(Set.of("avx2", "fma"))) {
            return "Haswell";
        }
        return null;
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
     * A one-line warning when OpenBLAS runs its generic SSE kernels on a CPU with AVX2 or AVX-512,
     * naming the setting that fixes it; null when there is nothing to say.
     */
    public static String advice(String core, Set<String> cpuFlags) {
        String best = bestFor(cpuFlags);
        if (core == null || best == null || !(core.equalsIgnoreCase("Prescott") || core.equalsIgnoreCase("Core2")
                || core.equalsIgnoreCase("Nehalem") || core.equalsIgnoreCase("Katmai") || core.equalsIgnoreCase("Northwood"))) {
            return null;
        }
        return "warning: OpenBLAS runs its generic '" + core + "' kernels, but this CPU supports " + best
                + " ones (several times faster); start with OPENBLAS_CORETYPE=" + best + " set (the ./robustlab launcher does)";
    }
}
