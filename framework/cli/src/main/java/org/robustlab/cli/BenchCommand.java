package org.robustlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.TrainedModel;
import org.robustlab.api.Encoder;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Regularizer;
import org.robustlab.api.StudyContext;
import org.robustlab.core.data.CifarBinaryReader;
import org.robustlab.core.params.Params;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.study.BlasKernels;
import org.robustlab.core.study.SeededContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code robustlab bench}: throughput of the numerics next to the machine's own GEMM rate,
 * measured in the same process (the floor every training step is compared against).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure GEMM peak and training throughput.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--repeats", description = "timed repetitions per measurement (default ${DEFAULT-VALUE})")
    int repeats = 5;

    @Option(names = "--images", description = "training images for the per-epoch measurements (default ${DEFAULT-VALUE})")
    int images = 5000;

    @Option(names = "--only", split = ",", description = "run only these parts: eigen, kh, mlp (with pgd, apgd and stir), reg (mlp with"
            + " each regularizer); default all")
    java.util.Set<String> only = java.util.Set.of("eigen", "kh", "mlp", "reg");

    @Option(names = "--peers", description = "also run the same work in PyTorch/NumPy (python3 with torch and numpy) and print"
            + " each robustlab/peer ratio")
    boolean peers;

    @Option(names = "--python", description = "the peers' Python interpreter (default: the first of python3 on PATH and"
            + " /usr/bin/python3 that imports torch and numpy)")
    String python;

    @Mixin
    HostOptions host;

    /** robustlab's times of the works the peers repeat (seconds), by the peers' work names. */
    private final Map<String, Double> ours = new java.util.LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        System.out.printf("backend %s, %d cores, BLAS threads %s, OpenBLAS kernels %s (OPENBLAS_CORETYPE)%n",
                Nd4j.getBackend().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), BlasKernels.requested());
        String advice = BlasKernels.advice(BlasKernels.requested(), BlasKernels.cpuFlags());
        if (advice != null) {
            System.out.println(advice);
        }
        // The peers run first: once ND4J's OpenMP threads have run they spin between regions and slow a peer that
        // shares the cores (measured: PyTorch's MLP step 296 ms after robustlab's work, 177 ms before it).
        BenchPeers peerRun = peers ? new BenchPeers(python, repeats, only) : null;
        if (peerRun != null) {
            peerRun.run();
        }
        double gemm = gemmSeconds(2000, 3072, 1000);
        double flops = 2.0 * 2000 * 3072 * 1000;
        System.out.printf("GEMM 2000x3072x1000 float32: %.2f ms, %.1f GFLOP/s (the floor)%n", gemm * 1e3, flops / gemm / 1e9);
        ours.put("gemm", gemm);
        if (only.contains("eigen")) {
            benchEigen();
        }
        try (PluginHost plugins = host.load()) {
            var encoders = plugins.registry().names(ExtensionKind.ENCODER);
            if (encoders.contains("kh") && only.contains("kh")) {
                for (int batch : new int[]{1000, 100}) {
                    benchKh(plugins, Map.of("hidden", 2000, "epochs", 1, "batch", batch, "decoderEpochs", 1), gemm, "fast");
                }
                benchKh(plugins, Map.of("hidden", 2000, "epochs", 1, "batch", 1000, "decoderEpochs", 1, "fast", false), gemm,
                        "dense oracle");
            }
            Map<String, Object> mlpArgs = Map.of("hidden", 2000, "epochs", 1, "batch", 1000);
            if (encoders.contains("mlp") && only.contains("reg")) {
                benchRegularizers(plugins, mlpArgs, gemm);
            }
            if (encoders.contains("mlp") && only.contains("mlp")) {
                TrainedModel mlp = benchEncoder(plugins, "mlp", mlpArgs, List.of(), "mlp", gemm);
                if (plugins.registry().names(ExtensionKind.ATTACK).contains("pgd")) {
                    benchAttack(plugins, mlp, gemm, "pgd", "pgd10", 20); // 10 gradients
                }
                if (plugins.registry().names(ExtensionKind.ATTACK).contains("apgd")) {
                    benchAttack(plugins, mlp, gemm, "apgd", "apgd10", 22); // the starting point's gradient and 10 more
                }
                benchInversionStep(mlp, gemm);
            }
        }
        if (peerRun != null) {
            peerRun.print(ours, gemm);
        }
        return 0;
    }

    /**
     * KH unsupervised time per batch, from the encoder's own per-epoch record ("seconds"), against step-shaped GEMMs
     * timed just before and after each epoch (the faster of the two: the machine's speed drifts between them), median
     * over {@code repeats} rounds, and the best epoch against the floor. The encoder keeps no timing of its own beyond
     * the epoch's duration.
     */
    @SuppressWarnings("unchecked")
    private void benchKh(PluginHost plugins, Map<String, Object> args, double gemm, String label) throws Exception {
        var info = plugins.registry().find(ExtensionKind.ENCODER, "kh");
        Dataset data = syntheticCifar(images);
        Encoder warm = (Encoder) plugins.registry().create(info);
        Params.bind(warm, "kh", args, null);
        warm.train("warmup", data.slice(0, Math.min(5000, data.size())), List.of(), quietContext()); // JIT the Java loops
        int batch = (Integer) args.get("batch");
        int batches = (data.size() + batch - 1) / batch;
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, CifarBinaryReader.PIXELS);
        INDArray w = Nd4j.rand(DataType.FLOAT, 2000, CifarBinaryReader.PIXELS);
        INDArray out = Nd4j.create(DataType.FLOAT, batch, 2000);
        Runnable stepGemm = () -> Nd4j.gemm(x, w, out, false, true, 1.0, 0.0);
        int rounds = Math.max(1, repeats);
        double[] ratios = new double[rounds];
        double bestPer1000 = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            double before = best(stepGemm, 1, 3);
            Encoder enc = (Encoder) plugins.registry().create(info);
            Params.bind(enc, "kh", args, null);
            TrainedModel m = enc.train("bench", data, List.of(), quietContext());
            double after = best(stepGemm, 1, 3);
            var epoch = ((List<Map<String, Object>>) m.export().metadata().get("khHistory")).get(0);
            double seconds = ((Number) epoch.get("seconds")).doubleValue();
            double per1000 = seconds / batches * 1000.0 / batch;
            ratios[r] = per1000 / (Math.min(before, after) * 1000.0 / batch);
            bestPer1000 = Math.min(bestPer1000, per1000);
            System.out.printf("  kh (%s) batch %d round %d: %.1f ms per 1000 samples; step-shaped GEMMs %.1f / %.1f ms before / after: %.2fx%n",
                    label, batch, r + 1, per1000 * 1e3, before * 1e3 * 1000 / batch, after * 1e3 * 1000 / batch, ratios[r]);
        }
        java.util.Arrays.sort(ratios);
        System.out.printf("kh (%s) H=2000 batch %d: median %.2fx the adjacent GEMMs (range %.2f-%.2fx over %d rounds); best %.1f ms"
                        + " per 1000 samples = %.2fx the floor; %.1f s per 50,000-image epoch%n",
                label, batch, ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds, bestPer1000 * 1e3, bestPer1000 / gemm,
                bestPer1000 * 50);
        if ("fast".equals(label) && batch == 1000) {
            ours.put("kh_batch1000", bestPer1000);
        }
    }

    /**
     * The symmetric eigendecomposition behind spectra and the spectral regularizer, 2000×2000 float64: LAPACK dsyevd
     * through {@link org.robustlab.numerics.SymmetricEigen} (what robustlab uses) and ND4J's syev route, next to a
     * float64 GEMM of the same size.
     */
    private void benchEigen() {
        int n = 2000;
        INDArray g = Nd4j.rand(DataType.DOUBLE, n, n);
        INDArray sym = g.add(g.transpose());
        INDArray c = Nd4j.create(DataType.DOUBLE, n, n);
        double gemm = best(() -> Nd4j.gemm(sym, g, c, false, false, 1.0, 0.0)); // the floor: mmuli took ~1.7x as long
        double values = best(() -> org.robustlab.numerics.SymmetricEigen.values(sym));
        double vectors = best(() -> org.robustlab.numerics.SymmetricEigen.decompose(sym));
        double nd4jValues = best(() -> org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(sym.dup('f'), false), 0, 1);
        double nd4jVectors = best(() -> org.nd4j.linalg.eigen.Eigen.symmetricGeneralizedEigenvalues(sym.dup('f'), true), 0, 1);
        System.out.printf("GEMM 2000x2000x2000 float64: %.0f ms, %.1f GFLOP/s%n", gemm * 1e3, 2.0 * n * n * n / gemm / 1e9);
        System.out.printf("symmetric eigendecomposition 2000x2000 float64 (LAPACK dsyevd%s): eigenvalues %.0f ms (%.2fx that GEMM),"
                        + " with eigenvectors and the orthonormality check %.0f ms (%.2fx); ND4J's syev route: %.0f ms and %.0f ms%n",
                org.robustlab.numerics.SymmetricEigen.lapackeAvailable() ? "" : " unavailable: ND4J's route",
                values * 1e3, values / gemm, vectors * 1e3, vectors / gemm, nd4jValues * 1e3, nd4jVectors * 1e3);
        ours.put("gemm_f64_2000", gemm);
        ours.put("eigvalsh", values);
        ours.put("eigh", vectors);
    }

    /** Best of {@code repeats} timed runs after one warm-up. */
    private double best(Runnable r) {
        return best(r, 1);
    }

    /** Best of {@code repeats} timed runs after {@code warmups} untimed ones. */
    private double best(Runnable r, int warmups) {
        return best(r, warmups, repeats);
    }

    /** Best of {@code runs} timed runs after {@code warmups} untimed ones. */
    private static double best(Runnable r, int warmups, int runs) {
        for (int i = 0; i < warmups; i++) {
            r.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < Math.max(1, runs); i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    /**
     * One STIR inversion step on 1000 images as the stir analyzer takes it: the representation gradient and the
     * distance of the current iterate from one forward pass ({@code representationDistanceAndGradient}): 2 GEMMs of
     * the floor's shape (the analyzer's step pass on top is elementwise).
     */
    private void benchInversionStep(TrainedModel model, double gemm) {
        Dataset data = syntheticCifar(1000);
        INDArray target = model.hidden(data.features());
        INDArray x = data.features().dup();
        INDArray out = x.ulike();
        double s = best(() -> model.representationDistanceAndGradient(x, target, out));
        System.out.printf("stir inversion step on mlp H=2000, 1000 images: %.0f ms (%.2fx the 2 GEMMs it needs); 1000 steps on 500 images: ~%.0f s%n",
                s * 1e3, s / (2 * gemm), s * 1000 * 0.5);
    }

    /**
     * Images per second of attack {@code name} with 10 iterations (L-inf, ε = 0.01) on the trained H=2000 MLP, against
     * the {@code gemms} GEMMs of the floor's shape it needs (a forward and a backward one per gradient).
     */
    private void benchAttack(PluginHost plugins, TrainedModel model, double gemm, String name, String key, int gemms) {
        var info = plugins.registry().find(ExtensionKind.ATTACK, name);
        Attack attack = (Attack) plugins.registry().create(info);
        Params.bind(attack, name, Map.of("steps", 10), null);
        Dataset data = syntheticCifar(1000);
        double s = best(() -> attack.perturb(model, data.features(), data.labels(), 0.01, new java.util.Random(1)));
        ours.put(key, s);
        System.out.printf("%s steps=10 on mlp H=2000: %.0f images/s (%.2f s per 1000 images = %.2fx the %d GEMMs it needs)%n",
                name, 1000 / s, s, s / (gemms * gemm), gemms);
    }

    private static SeededContext quietContext() throws java.io.IOException {
        Path tmp = Files.createTempDirectory("robustlab-bench");
        return new SeededContext(1, DataType.FLOAT, new StudyFiles(tmp), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /**
     * The fastest of ND4J's GEMM entry points for an m×k by k×n float32 product (mmul, and gemm
     * with each transpose flag), best of {@code repeats}: the honest floor for this machine.
     */
    private double gemmSeconds(int m, int k, int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray bt = Nd4j.rand(DataType.FLOAT, n, k);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        List<Runnable> variants = List.of(() -> a.mmuli(b, c), () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0),
                () -> Nd4j.gemm(a, bt, c, false, true, 1.0, 0.0));
        double best = Double.MAX_VALUE;
        for (Runnable v : variants) {
            best = Math.min(best, best(v, 3));
        }
        return best;
    }

    /**
     * The MLP with each regularizer of the seed study, one epoch each: what a penalty adds to the
     * two GEMMs of plain training (the spectral epochs include their covariance pass and 2000×2000
     * eigendecomposition, amortised over {@code --images}/1000 batches).
     */
    private void benchRegularizers(PluginHost plugins, Map<String, Object> mlpArgs, double gemm) throws Exception {
        var names = plugins.registry().names(ExtensionKind.REGULARIZER);
        List<Map.Entry<String, Map<String, Object>>> cases = List.of(
                Map.entry("jacobian", Map.of("lambda", 0.01)),
                Map.entry("jacobian", Map.of("lambda", 0.01, "exact", true)),
                Map.entry("spectral", Map.of("beta", 1.0)),
                Map.entry("spectral", Map.of("beta", 1.0, "on", "pre")));
        for (var c : cases) {
            if (!names.contains(c.getKey())) {
                continue;
            }
            Regularizer reg = (Regularizer) plugins.registry().create(plugins.registry().find(ExtensionKind.REGULARIZER, c.getKey()));
            Params.bind(reg, c.getKey(), c.getValue(), null);
            benchEncoder(plugins, "mlp", mlpArgs, List.of(new TimedRegularizer(reg)),
                    "mlp + " + c.getKey() + new java.util.TreeMap<>(c.getValue()), gemm);
        }
        if (names.contains("spectral")) {
            // the seed code's SpecReg model: BatchNorm before the readout, the penalty on h (the plain training path)
            Regularizer reg = (Regularizer) plugins.registry().create(plugins.registry().find(ExtensionKind.REGULARIZER, "spectral"));
            Params.bind(reg, "spectral", Map.of("beta", 1.0, "tau", 0, "on", "pre"), null);
            Map<String, Object> withBatchNorm = new java.util.HashMap<>(mlpArgs);
            withBatchNorm.put("batchNorm", true);
            benchEncoder(plugins, "mlp", withBatchNorm, List.of(new TimedRegularizer(reg)),
                    "mlp(batchNorm) + spectral{beta=1.0, on=pre, tau=0} (the seed's SpecReg)", gemm);
        }
    }

    /** Delegates to a regularizer and times its per-epoch statistics, so per-batch cost is reported without them. */
    private static final class TimedRegularizer implements Regularizer {
        final Regularizer delegate;
        /** Time of each epoch's statistics, by epoch. */
        final List<Long> epochNanos = new java.util.ArrayList<>();

        TimedRegularizer(Regularizer delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public double penalty(HiddenBatch batch, HiddenGradients gradients) {
            return delegate.penalty(batch, gradients);
        }

        @Override
        public void beforeEpoch(int epoch, INDArray trainInputs, Function<INDArray, INDArray> representation,
                                Function<INDArray, INDArray> preActivation, StudyContext context) {
            long t0 = System.nanoTime();
            delegate.beforeEpoch(epoch, trainInputs, representation, preActivation, context);
            epochNanos.add(System.nanoTime() - t0);
        }
    }

    /**
     * Training time per batch in a steady state: 1 + {@code repeats} epochs (at least 2), the best of the epochs after
     * the first timed from their own records (the first pays for the JIT and for the trainer's one-off copy of the
     * data set, which a 50,000-image training run spreads over 50 batches per epoch and every epoch after the first
     * does not pay at all), with the regularizers' per-epoch statistics taken out; best against the best of the
     * step-shaped GEMMs, as every other line of {@code bench}.
     */
    private TrainedModel benchEncoder(PluginHost plugins, String name, Map<String, Object> args, List<Regularizer> regs, String label,
                                      double gemm) throws Exception {
        var info = plugins.registry().find(ExtensionKind.ENCODER, name);
        Dataset data = syntheticCifar(images);
        var ctx = quietContext();
        // the two GEMMs of a plain step, as the trainer calls them: forward h = x Wᵀ (1000×3072 by 2000×3072ᵀ) and
        // ∂W = ∂hᵀ x (1000×2000ᵀ by 1000×3072, a 24 MB result)
        INDArray x = Nd4j.rand(DataType.FLOAT, 1000, CifarBinaryReader.PIXELS);
        INDArray w = Nd4j.rand(DataType.FLOAT, 2000, CifarBinaryReader.PIXELS);
        INDArray out = Nd4j.create(DataType.FLOAT, 1000, 2000);
        INDArray dW = w.ulike();
        Runnable forwardGemm = () -> Nd4j.gemm(x, w, out, false, true, 1.0, 0.0);
        Runnable backwardGemm = () -> Nd4j.gemm(out, x, dW, true, false, 1.0, 0.0);
        double forwardBefore = best(forwardGemm, 1, 3);
        double backwardBefore = best(backwardGemm, 1, 3);
        Encoder enc = (Encoder) plugins.registry().create(info);
        int epochs = 1 + Math.max(1, repeats);
        Map<String, Object> timedEpochs = new java.util.HashMap<>(args);
        timedEpochs.put("epochs", epochs);
        Params.bind(enc, name, timedEpochs, null);
        TrainedModel trained = enc.train("bench", data, regs, ctx);
        double forwardAfter = best(forwardGemm, 1, 3);
        double backwardAfter = best(backwardGemm, 1, 3);
        double before = forwardBefore + backwardBefore;
        double after = forwardAfter + backwardAfter;
        int batches = (data.size() + 999) / 1000;
        double perBatch = Double.POSITIVE_INFINITY;
        double worst = 0;
        double epoch = 0;
        double stats = 0;
        for (int e = 1; e < epochs; e++) { // the best epoch after the first
            int k = e;
            double statsE = regs.stream().mapToLong(r -> r instanceof TimedRegularizer t && t.epochNanos.size() > k
                    ? t.epochNanos.get(k) : 0).sum() / 1e9;
            double seconds = trained.history().get(e).seconds();
            worst = Math.max(worst, (seconds - statsE) / batches);
            if ((seconds - statsE) / batches < perBatch) {
                perBatch = (seconds - statsE) / batches;
                epoch = seconds;
                stats = statsE;
            }
        }
        if ("mlp".equals(label)) {
            ours.put("mlp_step", perBatch);
        }
        System.out.printf("%s H=2000 batch 1000: %.1f ms per batch = %.2fx the 2 GEMMs of plain training (forward + ∂W GEMMs %.1f + %.1f / %.1f + %.1f ms before / after) = %.2fx the floor; best of epochs 2-%d %.2f s for %d images (worst %.1f ms per batch)%s, %.1f s per 50,000-image epoch (batches only, extrapolated)%n",
                label, perBatch * 1e3, perBatch / Math.min(before, after), forwardBefore * 1e3, backwardBefore * 1e3,
                forwardAfter * 1e3, backwardAfter * 1e3, perBatch / gemm,
                epochs, epoch, data.size(), worst * 1e3, stats > 0 ? String.format(" (%.2f s of it per-epoch statistics)", stats) : "", perBatch * 50);
        return trained;
    }

    /** Random images with CIFAR-10's shape (the timing does not depend on pixel values). */
    private static Dataset syntheticCifar(int n) {
        INDArray x = Nd4j.rand(DataType.FLOAT, n, CifarBinaryReader.PIXELS);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
        }
        return new Dataset("synthetic", x, labels, CifarBinaryReader.CLASSES, new int[]{3, 32, 32}, Map.of());
    }
}
