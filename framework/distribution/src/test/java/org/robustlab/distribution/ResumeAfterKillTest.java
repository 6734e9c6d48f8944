package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.results.Json;

/**
 * A training run killed with SIGKILL in the middle of an epoch and started again with the same
 * command resumes at its last finished epoch and ends bit-identical to a run never interrupted:
 * the model's arrays, its history (times aside) and the attack CSVs.
 */
class ResumeAfterKillTest {
    @TempDir
    Path dir;

    private static final String MLP = "data sample(train: 1000, test: 200); seed 11;"
            + " model('m') { encoder mlp(hidden: 100, epochs: 24, batch: 100); regularize jacobian(0.01) };"
            + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4, extend: false, subset: 100)";

    private static final String KH = "data sample(train: 1000, test: 200); seed 12;"
            + " model('k') { encoder kh(hidden: 400, epochs: 30, batch: 50, decoderEpochs: 30, decoderBatch: 50) };"
            + " attack random(epsMin: 0.5, epsMax: 20, epsCount: 4, extend: false, subset: 100)";

    @Test
    void mlpWithARegularizerResumesBitIdentically() throws Exception {
        Path whole = run(MLP, "whole", List.of());
        Path resumed = run(MLP, "resumed", List.of(new Kill("train", 10)));
        assertSameResults(whole, resumed, "m");
    }

    @Test
    void khRuleAndDecoderResumeBitIdentically() throws Exception {
        Path whole = run(KH, "whole", List.of());
        Path resumed = run(KH, "resumed", List.of(new Kill("kh-rule", 8), new Kill("decoder", 10)));
        assertSameResults(whole, resumed, "k");
    }

    /** Kill the run once its checkpoint of {@code phase} has {@code epochs} epochs, half-way into the next one. */
    record Kill(String phase, int epochs) {
    }

    /** Runs the study into {@code name}, killed as listed and restarted after each kill; returns the folder. */
    private Path run(String body, String name, List<Kill> kills) throws Exception {
        Path out = dir.resolve(name);
        Path checkpoint = out.resolve("models").resolve(body.contains("'m'") ? "m" : "k").resolve("checkpoint.zip");
        int attempt = 0;
        for (Kill kill : kills) {
            Path log = dir.resolve(name + "-" + attempt++ + ".log");
            Process p = Launched.start(log, "run", "-e", body, "--out", out.toString(), "--no-site");
            try {
                long previousChange = 0;
                long epochNanos = 0;
                int lastSeen = -1;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
                while (true) {
                    assertTrue(p.isAlive(), "the run ended before the kill point " + kill + ":\n" + Files.readString(log));
                    assertTrue(System.nanoTime() < deadline, "no checkpoint " + kill + " within 4 minutes:\n" + Files.readString(log));
                    Map<String, Object> state = state(checkpoint);
                    if (state != null && kill.phase().equals(state.get("phase"))) {
                        int done = ((Number) state.get("epochsDone")).intValue();
                        if (done != lastSeen) {
                            long now = System.nanoTime();
                            if (lastSeen >= 0 && previousChange > 0) {
                                epochNanos = (now - previousChange) / Math.max(1, done - lastSeen);
                            }
                            previousChange = now;
                            lastSeen = done;
                        }
                        if (done >= kill.epochs() && epochNanos > 0) {
                            Thread.sleep(Math.max(1, epochNanos / 2_000_000)); // into the middle of the next epoch
                            break;
                        }
                    }
                    Thread.sleep(5);
                }
            } finally {
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs in the child
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            assertEquals("running", Json.readMap(out.resolve("study.json")).get("status"), "a killed run cannot say more");
            Map<String, Object> state = state(checkpoint);
            assertTrue(state != null && ((Number) state.get("epochsDone")).intValue() >= kill.epochs(), "checkpoint kept: " + state);
        }
        Path log = dir.resolve(name + "-" + attempt + ".log");
        Process p = Launched.start(log, "run", "-e", body, "--out", out.toString(), "--no-site");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run did not finish");
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), output);
        if (!kills.isEmpty()) {
            assertTrue(output.contains("was interrupted; resuming"), output);
            Kill last = kills.get(kills.size() - 1);
            assertTrue(output.contains("resuming " + last.phase() + " from its checkpoint after epoch "), output);
        }
        assertEquals("complete", Json.readMap(out.resolve("study.json")).get("status"));
        assertFalse(Files.exists(checkpoint), "the finished model supersedes its checkpoint");
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state(Path checkpoint) {
        if (!Files.exists(checkpoint)) {
            return null;
        }
        try (ZipFile zip = new ZipFile(checkpoint.toFile())) {
            ZipEntry e = zip.getEntry("state.json");
            try (InputStream in = zip.getInputStream(e)) {
                return Json.MAPPER.readValue(in, Map.class);
            }
        } catch (IOException | RuntimeException e) {
            return null; // replaced between listing and opening: look again
        }
    }

    private static void assertSameResults(Path a, Path b, String model) throws IOException {
        List<String> arrays = new ArrayList<>();
        try (Stream<Path> s = Files.list(a.resolve("models").resolve(model))) {
            s.filter(p -> p.toString().endsWith(".npy")).forEach(p -> arrays.add(p.getFileName().toString()));
        }
        assertTrue(arrays.contains("W.npy") && arrays.contains("A.npy"), arrays.toString());
        for (String f : arrays) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve("models").resolve(model).resolve(f)),
                    Files.readAllBytes(b.resolve("models").resolve(model).resolve(f))), f + " differs");
        }
        assertEquals(withoutSeconds(a.resolve("models").resolve(model).resolve("history.csv")),
                withoutSeconds(b.resolve("models").resolve(model).resolve("history.csv")));
        for (String csv : List.of("random.csv", "random-critical.csv")) {
            assertEquals(Files.readAllLines(a.resolve("attacks").resolve(model).resolve(csv)),
                    Files.readAllLines(b.resolve("attacks").resolve(model).resolve(csv)), csv);
        }
        Map<String, Object> ma = Json.readMap(a.resolve("models").resolve(model).resolve("model.json"));
        Map<String, Object> mb = Json.readMap(b.resolve("models").resolve(model).resolve("model.json"));
        assertEquals(stripTimes(ma.get("history")), stripTimes(mb.get("history")));
        assertEquals(stripTimes(ma.get("khHistory")), stripTimes(mb.get("khHistory")));
    }

    /** history.csv without its last column (seconds). */
    private static List<String> withoutSeconds(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /** Per-epoch records without their timings. */
    @SuppressWarnings("unchecked")
    private static Object stripTimes(Object history) {
        if (!(history instanceof List<?> list)) {
            return history;
        }
        return list.stream().map(o -> {
            Map<String, Object> m = new java.util.TreeMap<>((Map<String, Object>) o);
            m.keySet().removeIf(k -> k.toLowerCase().contains("seconds"));
            return m;
        }).toList();
    }
}
