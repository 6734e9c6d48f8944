package org.robustlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.Dataset;
import org.robustlab.api.Encoder;
import org.robustlab.core.data.CifarBinaryReader;
import org.robustlab.core.params.Params;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.results.StudyFiles;
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

    @Mixin
    HostOptions host;

    @Override
    public Integer call() throws Exception {
        System.out.printf("backend %s, %d cores, BLAS threads %s%n", Nd4j.getBackend().getClass().getSimpleName(),
                Runtime.getRuntime().availableProcessors(), System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        double gemm = gemmSeconds(2000, 3072, 1000);
        double flops = 2.0 * 2000 * 3072 * 1000;
        System.out.printf("GEMM 2000x3072x1000 float32: %.2f ms, %.1f GFLOP/s (the floor)%n", gemm * 1e3, flops / gemm / 1e9);
        try (PluginHost plugins = host.load()) {
            if (plugins.registry().names(ExtensionKind.ENCODER).contains("mlp")) {
                benchEncoder(plugins, "mlp", Map.of("hidden", 2000, "epochs", 1, "batch", 1000), gemm);
            }
        }
        return 0;
    }

    private double gemmSeconds(int m, int k, int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        for (int i = 0; i < 3; i++) {
            a.mmuli(b, c);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            a.mmuli(b, c);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }

    private void benchEncoder(PluginHost plugins, String name, Map<String, Object> args, double gemm) throws Exception {
        var info = plugins.registry().find(ExtensionKind.ENCODER, name);
        Dataset data = syntheticCifar(images);
        Path tmp = Files.createTempDirectory("robustlab-bench");
        var ctx = new SeededContext(1, DataType.FLOAT, new StudyFiles(tmp), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        Encoder warm = (Encoder) plugins.registry().create(info);
        Params.bind(warm, name, args, null);
        warm.train("warmup", data.slice(0, Math.min(1000, data.size())), List.of(), ctx);
        Encoder enc = (Encoder) plugins.registry().create(info);
        Params.bind(enc, name, args, null);
        long t0 = System.nanoTime();
        enc.train("bench", data, List.of(), ctx);
        double epoch = (System.nanoTime() - t0) / 1e9;
        int batches = (data.size() + 999) / 1000;
        double perBatch = epoch / batches;
        System.out.printf("%s H=2000 batch 1000: %.1f ms per batch = %.2fx GEMM; %.2f s per %d-image epoch, %.1f s per 50,000-image epoch (extrapolated)%n",
                name, perBatch * 1e3, perBatch / gemm, epoch, data.size(), perBatch * 50);
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
