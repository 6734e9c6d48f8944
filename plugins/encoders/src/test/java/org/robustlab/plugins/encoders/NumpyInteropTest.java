package org.robustlab.plugins.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.robustlab.api.Dataset;
import org.robustlab.api.Encoder;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.models.ModelStore;
import org.robustlab.core.params.Params;
import org.robustlab.core.results.Npy;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.testkit.Python;
import org.robustlab.core.testkit.TestContexts;

/** numpy.load reads every saved array, and the formula of docs/results-format.md reproduces the Java logits to 1e-4. */
class NumpyInteropTest {
    @TempDir
    Path dir;

    /** docs/results-format.md, "Saved models": logits = A · ReLU(W · pre(x))^n + b. */
    static final String FORMULA = String.join("\n",
            "import json, sys, numpy as np",
            "d = sys.argv[1]",
            "m = json.load(open(d + '/model.json'))",
            "arr = {k: np.load(d + '/' + f) for k, f in m['arrays'].items()}",
            "x = np.load(sys.argv[2]).astype(np.float64)",
            "p = m['preprocess']",
            "if p['type'] == 'lp_normalize':",
            "    x = x / (np.abs(x) ** p['p']).sum(1, keepdims=True) ** (1 / p['p'])",
            "elif p['type'] == 'standardize':",
            "    c = x.reshape(len(x), 3, -1)",
            "    x = ((c - np.array(p['mean'])[None, :, None]) / np.array(p['std'])[None, :, None]).reshape(len(x), -1)",
            "W, A, b = (arr[k].astype(np.float64) for k in ('W', 'A', 'b'))",
            "hhat = np.maximum(x @ W.T, 0) ** m['n']",
            "if 'batchNorm' in m:",
            "    g, be, mu, var = (arr[k].astype(np.float64).ravel() for k in ('bn_gamma', 'bn_beta', 'bn_running_mean', 'bn_running_var'))",
            "    hhat = (hhat - mu) / np.sqrt(var + m['batchNorm']['eps']) * g + be",
            "logits = hhat @ A.T + b",
            "np.save(sys.argv[3], logits)");

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "mlp-standardize", "mlp-lp3", "mlp-bn", "kh"})
    void pythonReproducesJavaLogits(String kind) throws Exception {
        assumeTrue(Python.hasNumpy(), "skipped: python3 with numpy not installed (apt-get install python3-numpy)");
        Dataset data = MlpEncoderTest.blobs(60, 3);
        Encoder enc = kind.startsWith("mlp") ? new MlpEncoder() : new KhEncoder();
        Map<String, Object> args = kind.equals("mlp-lp3")
                ? Map.of("hidden", 8, "epochs", 3, "batch", 20, "inputNorm", 3)
                : kind.equals("mlp-bn")
                ? Map.of("hidden", 8, "epochs", 3, "batch", 20, "batchNorm", true, "n", 2.0)
                : kind.startsWith("mlp")
                ? Map.of("hidden", 8, "epochs", 3, "batch", 20, "standardize", kind.endsWith("standardize"))
                : Map.of("hidden", 8, "epochs", 3, "batch", 20, "decoderEpochs", 3, "decoderBatch", 20);
        Params.bind(enc, kind, args, null);
        TrainedModel model = enc.train("m", data, List.of(), TestContexts.quiet(1, DataType.FLOAT, dir));
        StudyFiles files = new StudyFiles(dir);
        new ModelStore(files).save("m", model, Map.of(), "key");
        Files.write(dir.resolve("x.npy"), Npy.toBytes(data.features()));
        Path script = dir.resolve("formula.py");
        Files.writeString(script, FORMULA);
        assertTrue(Python.run(script.toString(), dir.resolve("models/m").toString(), dir.resolve("x.npy").toString(),
                dir.resolve("logits.npy").toString()), "python formula failed");
        INDArray py = Npy.read(dir.resolve("logits.npy"));
        INDArray java = model.logits(data.features()).castTo(DataType.DOUBLE);
        if (kind.equals("mlp-lp3")) {
            assertEquals(Map.of("type", "lp_normalize", "p", 3.0), model.export().metadata().get("preprocess"));
        }
        double diff = py.sub(java).amaxNumber().doubleValue();
        double scale = Math.max(1, java.amaxNumber().doubleValue());
        assertTrue(diff <= 1e-4 * scale, kind + ": max |python - java| = " + diff);
    }
}
