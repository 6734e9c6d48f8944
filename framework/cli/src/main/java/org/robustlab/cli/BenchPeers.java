package org.robustlab.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench --peers}: runs the same work in PyTorch/NumPy ({@code peers/peers.py}, a resource of this jar) in the
 * same run and prints robustlab's time over the peer's next to robustlab's ratio to its GEMM floor. A peer on the
 * reference BLAS is refused (it runs ~20× slower: no fair comparison); a missing Python/torch/numpy is reported and
 * skipped.
 */
final class BenchPeers {
    /** The works, their labels and the targets of the performance issue (robustlab time / peer time at most). */
    private record Work(String key, String label, double maxRatio) {
    }

    private static final List<Work> WORKS = List.of(
            new Work("gemm", "GEMM 1000x3072x2000 float32", Double.NaN),
            new Work("mlp_step", "MLP training step (Adam, CE), batch 1000", 1.0),
            new Work("pgd10", "PGD-10 L-inf, 1000 images (3072-2000-10 MLP)", 1 / 1.1),
            new Work("kh_batch1000", "KH update per 1000 samples vs Krotov's rule", 1 / 4.0),
            new Work("gemm_f64_2000", "GEMM 2000^3 float64", Double.NaN),
            new Work("eigh", "symmetric eigendecomposition 2000^2 f64, vectors", 1.5),
            new Work("eigvalsh", "eigenvalues only 2000^2 f64", 1.5));

    private final String python;
    private final int repeats;
    private final Set<String> only;
    /** The peer's times by work, or null when it was skipped. */
    private Map<String, Double> theirs;

    BenchPeers(String python, int repeats, Set<String> only) {
        this.python = python;
        this.repeats = repeats;
        this.only = only;
    }

    void run() throws IOException, InterruptedException {
        String interpreter = python != null ? python : findPython();
        if (interpreter == null) {
            System.out.println("peers skipped: no python3 with torch and numpy found (Debian: apt-get install python3-torch"
                    + " python3-numpy libopenblas0-pthread; or give --python)");
            return;
        }
        Path script = Files.createTempFile("robustlab-peers", ".py");
        try (InputStream in = BenchPeers.class.getResourceAsStream("peers/peers.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ProcessBuilder pb = new ProcessBuilder(interpreter, script.toString(), "--repeats", String.valueOf(Math.max(1, repeats)),
                "--only", String.join(",", only));
        pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(cores)); // a fair peer uses every core
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(cores));
        // how idle threads wait is the launcher's setting for robustlab; the peer runs as PyTorch ships
        pb.environment().remove("OPENBLAS_THREAD_TIMEOUT");
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        System.out.printf("peers: %s %s (OPENBLAS_NUM_THREADS=%d)%n", interpreter, script.getFileName(), cores);
        Process p = pb.start();
        Map<String, Double> times = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode node = json.readTree(line);
                if (node.has("peer")) {
                    List<String> blas = new ArrayList<>();
                    node.get("blas").forEach(b -> blas.add(b.asText()));
                    System.out.printf("peer: %s, %d threads, BLAS %s%n", node.get("peer").asText(), node.get("threads").asInt(), blas);
                    String refused = referenceBlas(blas);
                    if (refused != null) {
                        p.destroyForcibly();
                        System.out.println("peers skipped: " + refused);
                        return;
                    }
                } else {
                    times.put(node.get("work").asText(), node.get("seconds").asDouble());
                }
            }
        }
        if (!p.waitFor(1, TimeUnit.HOURS) || p.exitValue() != 0) {
            System.out.println("peers failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "); see the messages above");
        }
        Files.deleteIfExists(script);
        theirs = times;
    }

    /** Why these mapped libraries are not a fair peer, or null. */
    static String referenceBlas(List<String> mapped) {
        boolean optimised = mapped.stream().anyMatch(m -> m.contains("openblas") || m.contains("mkl") || m.contains("blis"));
        if (optimised) {
            return null;
        }
        return "the peer runs on the reference BLAS " + mapped + " (about 20x slower than OpenBLAS: not a fair peer);"
                + " install an optimised one (Debian: apt-get install libopenblas0-pthread) and run again";
    }

    /** The comparison table of robustlab's times ({@code ours}, by work) against the peer's. */
    void print(Map<String, Double> ours, double gemmFloor) {
        if (theirs == null) {
            return;
        }
        System.out.println();
        System.out.printf("%-50s %12s %12s %12s %14s  %s%n", "work", "robustlab", "peer", "ratio", "to GEMM floor", "target");
        for (Work w : WORKS) {
            Double mine = ours.get(w.key());
            Double peer = theirs.get(w.key());
            if (mine == null || peer == null) {
                continue;
            }
            double ratio = mine / peer;
            String target = Double.isNaN(w.maxRatio()) ? "" : String.format("<= %.2f %s", w.maxRatio(),
                    ratio <= w.maxRatio() ? "met" : "NOT met");
            String floor = w.key().endsWith("f64_2000") || w.key().startsWith("eig") ? "" : String.format("%.2fx", mine / gemmFloor);
            System.out.printf("%-50s %10.1f ms %10.1f ms %12.2f %14s  %s%n", w.label(), mine * 1e3, peer * 1e3, ratio, floor, target);
        }
        System.out.println("ratio = robustlab's time / the peer's time (below 1: robustlab is faster); PGD-10 ratio 1/1.1 means"
                + " 1.1x the peer's images/s. Targets: docs/performance.md");
    }

    /** The first candidate interpreter that imports torch and numpy, or null. */
    private static String findPython() throws InterruptedException {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch, numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next
            }
        }
        return null;
    }
}
