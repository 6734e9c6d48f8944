package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.Regularizer;
import org.robustlab.core.params.Params;
import org.robustlab.core.results.Npy;
import org.robustlab.core.testkit.Python;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.plugins.regularizers.JacobianRegularizer;
import org.robustlab.plugins.regularizers.L2Regularizer;
import org.robustlab.plugins.regularizers.SpectralRegularizer;

/**
 * The Java training (cross-entropy, Adam, the step schedule and each regularizer with its hand-written
 * gradient) against an independent PyTorch implementation written from docs/methods.md with autograd
 * ({@code src/test/python/torch_reference.py}): same data and initial weights, float64, full batches
 * (so the shuffle order does not matter), several epochs, so the spectral eigenvectors are recomputed.
 * The Jacobian penalty is built there from autograd Jacobians, not from the closed form.
 */
class TorchReferenceTest {
    static final int N = 96;
    static final int D = 40;
    static final int H = 24;
    static final int EPOCHS = 6;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(1.0, "none", Map.of()),
                Arguments.of(1.0, "l2", Map.of("lambda", 0.01)),
                Arguments.of(1.0, "jacobian", Map.of("lambda", 0.05, "exact", true)),
                Arguments.of(2.0, "jacobian", Map.of("lambda", 0.05, "exact", true)),
                Arguments.of(2.0, "jacobian", Map.of("lambda", 0.05, "exact", true, "on", "pre")),
                Arguments.of(1.0, "spectral", Map.of("beta", 1.0, "tau", 3)),
                Arguments.of(2.0, "spectral", Map.of("beta", 0.5, "tau", 2, "alpha", 1.5)),
                Arguments.of(1.0, "spectral", Map.of("beta", 1.0, "tau", 3, "on", "pre")));
    }

    @ParameterizedTest(name = "n={0} {1} {2}")
    @MethodSource("cases")
    void trainingMatchesPyTorch(double n, String reg, Map<String, Object> args) throws Exception {
        assumeTrue(Python.has("torch"), "skipped: python3 with PyTorch not installed (apt-get install python3-torch)");
        Random rng = new Random(11);
        double[] pixels = new double[N * D];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(4);
            for (int j = 0; j < D; j++) { // class-dependent means, so training has something to learn
                pixels[i * D + j] = Math.min(1, Math.max(0, (j % 4 == labels[i] ? 0.7 : 0.3) + 0.2 * rng.nextGaussian()));
            }
        }
        INDArray x = Nd4j.create(pixels, new long[]{N, D}, DataType.DOUBLE);
        Dataset data = new Dataset("reference", x, labels, List.of("a", "b", "c", "d"), new int[]{1, 5, 8}, Map.of());
        INDArray w0 = Init.gaussian(H, D, Math.sqrt(2.0 / D), rng, DataType.DOUBLE);
        INDArray a0 = Init.uniform(4, H, 1 / Math.sqrt(H), rng, DataType.DOUBLE);
        INDArray b0 = Init.uniform(1, 4, 1 / Math.sqrt(H), rng, DataType.DOUBLE);
        HiddenLayerModel model = new HiddenLayerModel("m", "mlp", w0.dup(), a0.dup(), b0.dup(), n, Preprocess.none());
        List<Regularizer> regs = reg.equals("none") ? List.of() : List.of(regularizer(reg, args));
        double[] lr = {1e-2, 3e-3};
        int[] milestones = {4};
        SupervisedTrainer.train(model, data, regs, EPOCHS, N, lr, milestones, true, "train", TestContexts.quiet(1, DataType.DOUBLE, dir));

        for (var e : Map.of("x", x, "W0", w0, "A0", a0, "b0", b0, "y", Nd4j.createFromArray(labels).castTo(DataType.DOUBLE)).entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".npy"), Npy.toBytes(e.getValue()));
        }
        Map<String, Object> config = new java.util.LinkedHashMap<>(args);
        config.put("reg", reg);
        config.put("n", n);
        config.put("epochs", EPOCHS);
        config.put("lr", lr);
        config.put("milestones", milestones);
        Files.writeString(dir.resolve("config.json"), new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config));
        assertTrue(Python.runWith("torch", script().toString(), "replay", dir.toString()), "torch_reference.py replay failed");

        // Adam moves every weight by up to ~lr per step, so agreement to 1e-9 leaves no room for a wrong gradient term
        assertClose("W", Npy.read(dir.resolve("W.npy")), model.w, w0);
        assertClose("A", Npy.read(dir.resolve("A.npy")), model.a, a0);
        assertClose("b", Npy.read(dir.resolve("b.npy")).reshape(1, 4), model.b, b0);
        double[] loss = Npy.read(dir.resolve("loss.npy")).toDoubleVector();
        double[] penalty = Npy.read(dir.resolve("penalty.npy")).toDoubleVector();
        for (int e = 0; e < EPOCHS; e++) {
            var rec = model.history.get(e);
            assertTrue(Math.abs(rec.loss() - loss[e]) <= 1e-10 * Math.max(1, loss[e]), "loss at epoch " + e + ": java " + rec.loss()
                    + ", torch " + loss[e]);
            assertTrue(Math.abs(rec.penalty() - penalty[e]) <= 1e-10 * Math.max(1, penalty[e]), "penalty at epoch " + e + ": java "
                    + rec.penalty() + ", torch " + penalty[e]);
        }
        if (!reg.equals("none")) {
            assertTrue(penalty[0] > 1e-6, "the case must exercise its penalty: " + penalty[0]);
        }
    }

    private static Regularizer regularizer(String name, Map<String, Object> args) {
        Regularizer r = switch (name) {
            case "l2" -> new L2Regularizer();
            case "jacobian" -> new JacobianRegularizer();
            case "spectral" -> new SpectralRegularizer();
            default -> throw new IllegalArgumentException(name);
        };
        Params.bind(r, name, args, null);
        return r;
    }

    private static void assertClose(String name, INDArray torch, INDArray java, INDArray initial) {
        double moved = java.sub(initial).amaxNumber().doubleValue();
        double diff = torch.sub(java).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, name + " must have been trained: moved " + moved);
        assertTrue(diff <= 1e-9, name + ": max |torch − java| = " + diff + " (weights moved by up to " + moved + ")");
    }

    private static Path script() {
        Path p = Path.of("src/test/python/torch_reference.py");
        assertTrue(Files.isRegularFile(p), "missing " + p.toAbsolutePath());
        return p;
    }
}
