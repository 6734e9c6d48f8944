package org.robustlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench --peers}: the reference-BLAS refusal, and the peer script run for real when torch and numpy exist. */
class BenchPeersTest {
    @Test
    void refusesTheReferenceBlasAndAcceptsOptimisedOnes() {
        String refused = BenchPeers.referenceBlas(List.of("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3",
                "/usr/lib/x86_64-linux-gnu/lapack/liblapack.so.3"));
        assertNotNull(refused);
        assertTrue(refused.contains("libopenblas0-pthread"), refused);
        assertNull(BenchPeers.referenceBlas(List.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")));
        assertNull(BenchPeers.referenceBlas(List.of("/opt/intel/lib/libmkl_rt.so")));
    }

    @Test
    void peerScriptReportsItsBlasAndTheGemm(@TempDir Path dir) throws Exception {
        String python = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    break;
                }
            } catch (java.io.IOException ignored) {
                // next
            }
        }
        Assumptions.assumeTrue(python != null, "no python3 with torch and numpy (Debian: python3-torch python3-numpy)");
        Path script = dir.resolve("peers.py");
        try (var in = BenchPeers.class.getResourceAsStream("peers/peers.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder(python, script.toString(), "--repeats", "1", "--only", "none")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (!line.isBlank()) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(lines.get(0).has("peer") && lines.get(0).get("blas").size() > 0, lines.get(0).toString());
        assertEquals("gemm", lines.get(1).get("work").asText());
        assertTrue(lines.get(1).get("seconds").asDouble() > 0);
    }
}
