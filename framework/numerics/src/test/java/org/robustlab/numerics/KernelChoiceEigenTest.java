package org.robustlab.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The eigendecomposition under each OpenBLAS kernel set the launcher picks (SkylakeX on AVX-512 CPUs, Haswell on
 * AVX2 ones), each in a JVM of its own because OpenBLAS reads {@code OPENBLAS_CORETYPE} once, when it loads. OpenBLAS
 * 0.3.19 returned NaN eigenvectors at this size with its SkylakeX kernels (2026-12-01, AMD EPYC with AVX-512); the
 * launcher may pick SkylakeX only because the bundled OpenBLAS passes this.
 */
class KernelChoiceEigenTest {
    @ParameterizedTest
    @ValueSource(strings = {"SkylakeX", "Haswell"})
    void decompositionIsRightUnderTheKernelsTheLauncherPicks(String kernels) throws Exception {
        List<String> needed = kernels.equals("SkylakeX")
                ? List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl") : List.of("avx2", "fma");
        String flags = cpuFlags();
        assumeTrue(needed.stream().allMatch(f -> flags.contains(" " + f + " ")),
                "this CPU lacks " + needed + ", which OpenBLAS's " + kernels + " kernels need");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName()).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_CORETYPE", kernels);
        pb.environment().put("OPENBLAS_VERBOSE", "2"); // OpenBLAS prints "Core: <kernels>" it took
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(kernels + ": the decomposition did not end in 5 minutes");
        }
        assertEquals(0, p.exitValue(), kernels + ":\n" + out);
        assertTrue(out.contains("Core: " + kernels), "OpenBLAS took other kernels:\n" + out);
    }

    private static String cpuFlags() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return " ";
        }
        return Files.readAllLines(info).stream().filter(l -> l.startsWith("flags")).findFirst()
                .map(l -> " " + l.substring(l.indexOf(':') + 1).trim() + " ").orElse(" ");
    }

    /** Decomposes a 2000 × 2000 symmetric matrix (a study's hidden size) and checks it; exit 0 when right. */
    public static final class Child {
        public static void main(String[] args) {
            int n = 2000;
            INDArray a = SymmetricEigenTest.symmetric(n, 7);
            SymmetricEigen.Decomposition d = SymmetricEigen.decompose(a); // includes the probe check
            SymmetricEigen.checkOrthonormal(d.vectors());
            INDArray vl = d.vectors().mulRowVector(Nd4j.createFromArray(d.values()).reshape(1, n));
            double residual = a.mmul(d.vectors()).subi(vl).amaxNumber().doubleValue();
            double scale = Math.max(Math.abs(d.values()[0]), Math.abs(d.values()[n - 1]));
            double[] valuesOnly = SymmetricEigen.values(a);
            double valueGap = 0;
            for (int i = 0; i < n; i++) {
                valueGap = Math.max(valueGap, Math.abs(valuesOnly[i] - d.values()[i]));
            }
            System.out.println("residual " + residual + ", values-only gap " + valueGap + ", scale " + scale);
            System.exit(residual < 1e-10 * scale && valueGap < 1e-10 * scale ? 0 : 1);
        }
    }
}
