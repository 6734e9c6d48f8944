package org.robustlab.plugins.analyzers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.data.DataLoader;
import org.robustlab.core.data.DataSpec;
import org.robustlab.core.params.Params;
import org.robustlab.core.results.Npy;
import org.robustlab.core.testkit.TestContexts;
import org.robustlab.plugins.encoders.KhEncoder;
import org.robustlab.plugins.encoders.MlpEncoder;

/** Every analyzer on small models trained on the bundled CIFAR-10 sample. */
class AnalyzersOnTrainedModelsTest {
    @TempDir
    static Path dir;
    static AnalysisRequest request;
    static StudyContext ctx;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void train() {
        DataLoader.TrainTest data = DataLoader.load(new DataSpec("cifar10", "../../data/cifar10-sample", 0, 0),
                Path.of("."), DataType.FLOAT);
        ctx = TestContexts.quiet(7, DataType.FLOAT, dir);
        MlpEncoder mlp = new MlpEncoder();
        Params.bind(mlp, "encoder 'mlp'", Map.of("hidden", 64, "epochs", 6, "batch", 100), null);
        KhEncoder kh = new KhEncoder();
        Params.bind(kh, "encoder 'kh'", Map.of("hidden", 48, "epochs", 3, "batch", 100, "decoderEpochs", 5, "decoderBatch", 100), null);
        Map<String, TrainedModel> models = new LinkedHashMap<>();
        models.put("bp", mlp.train("bp", data.train(), List.of(), ctx));
        models.put("kh", kh.train("kh", data.train(), List.of(), ctx));
        request = new AnalysisRequest(models, data.train(), data.test());
    }

    private static <T extends Analyzer> T analyzer(T a, Map<String, Object> args) {
        Params.bind(a, "analyzer '" + a.name() + "'", args, null);
        return a;
    }

    private static JsonNode json(String file) throws Exception {
        return JSON.readTree(dir.resolve(file).toFile());
    }

    @Test
    void spectrumCoversDataInitialAndTrainedOnImagesAndNoise() throws Exception {
        Map<String, Object> summary = analyzer(new SpectrumAnalyzer(), Map.of("scales", List.of(10, 32, 1000))).analyze(request, ctx);
        JsonNode curves = json("analyses/spectrum/spectra.json").get("curves");
        // 2 inputs × (data + 2 models × {initial, trained}) full curves, plus scale curves below each width.
        int full = 0, scale = 0;
        List<String> zeroSpectra = new java.util.ArrayList<>();
        for (JsonNode c : curves) {
            if (c.get("scale").asBoolean()) {
                scale++;
                assertTrue(c.get("units").asInt() < (c.get("subject").asText().equals("data") ? 3072 : 64));
            } else {
                full++;
            }
            double[] values = Npy.read(dir.resolve(c.get("file").asText())).castTo(DataType.DOUBLE).toDoubleVector();
            for (int i = 1; i < values.length; i++) {
                assertTrue(values[i] <= values[i - 1], "descending " + c.get("file"));
            }
            if (values[0] > 0) {
                assertEquals(1.0, c.get("normalised").get(0).asDouble(), 1e-12, c.get("file").asText());
            } else if (!c.get("scale").asBoolean()) { // a few leading ReLU units may be dead on every image
                zeroSpectra.add(c.get("file").asText());
            }
        }
        assertEquals(10, full);
        assertTrue(zeroSpectra.isEmpty(), "all-zero full spectra " + zeroSpectra);
        assertTrue(scale >= 2 * (3 + 4 * 2), "scale curves " + scale);
        assertTrue(Files.size(dir.resolve("analyses/spectrum/spectra.csv")) > 0);
        assertTrue(summary.containsKey("leadingEigenvalue"));
    }

    @Test
    void powerlawReportsFitsWithIntervalsAndCalibration() throws Exception {
        analyzer(new PowerLawAnalyzer(), Map.of("bootstrap", 5, "imageWindow", List.of(2, 40), "noiseWindow", List.of(2, 30)))
                .analyze(request, ctx);
        JsonNode fits = json("analyses/powerlaw/fits.json").get("fits");
        int checked = 0;
        for (JsonNode f : fits) {
            if (f.get("scale").asBoolean()) {
                continue;
            }
            assertTrue(Double.isFinite(f.get("alpha").asDouble()), f.toString());
            assertTrue(f.get("stdError").asDouble() > 0, f.toString());
            assertTrue(f.get("ciLow").asDouble() <= f.get("ciHigh").asDouble(), f.toString());
            assertTrue(Double.isFinite(f.get("calibrationAlpha").asDouble()), f.toString());
            assertTrue(f.get("rSquaredCiLow").asDouble() <= f.get("rSquared").asDouble() + 1e-12
                    && f.get("rSquared").asDouble() <= f.get("rSquaredCiHigh").asDouble() + 1e-12
                    && f.get("rSquaredCiHigh").asDouble() <= 1, "r² inside its interval, which ends at 1: " + f);
            checked++;
        }
        assertEquals(10, checked);
        // bp vs kh on each input: α(bp) − α(kh) inside its paired interval
        List<String> diffs = Files.readAllLines(dir.resolve("analyses/powerlaw/differences.csv"));
        assertEquals(3, diffs.size(), diffs.toString());
        for (String line : diffs.subList(1, 3)) {
            String[] f = line.split(",");
            assertEquals(List.of("bp", "kh"), List.of(f[1], f[2]));
            double point = Double.parseDouble(f[3]);
            assertTrue(Double.parseDouble(f[4]) > 0 && Double.parseDouble(f[5]) < point && point < Double.parseDouble(f[6]), line);
        }
    }

    /**
     * space: 'model' (the seed code's figure 4): each model's plane lies around its preprocessed image (KH's x/‖x‖₃;
     * the MLP has none) and the Jacobian is taken with respect to that input.
     */
    @Test
    void landscapeInModelSpaceIsCentredOnEachModelsPreprocessedImage() throws Exception {
        Path out = dir.resolve("model-space");
        StudyContext modelCtx = TestContexts.quiet(7, DataType.FLOAT, out);
        analyzer(new LandscapeAnalyzer(), Map.of("grid", 5, "range", 2.0, "space", "model", "roughnessImages", 4,
                "roughnessGrid", 3, "bootstrap", 100)).analyze(request, modelCtx);
        JsonNode meta = JSON.readTree(out.resolve("analyses/landscape/landscape.json").toFile());
        assertEquals("model", meta.get("space").asText());
        int image = meta.get("image").asInt();
        INDArray x0 = request.test().features().getRow(image).reshape(1, 3072);
        INDArray uv = Npy.read(out.resolve("analyses/landscape/directions.npy")).castTo(DataType.DOUBLE);
        for (String m : List.of("bp", "kh")) {
            TrainedModel model = request.models().get(m);
            org.robustlab.api.DifferentiableModel onInput = model.onPreprocessedInput();
            INDArray centre = model.preprocess(x0);
            if (m.equals("kh")) {
                assertEquals(1, Transforms.abs(centre.castTo(DataType.DOUBLE)).muli(Transforms.abs(centre.castTo(DataType.DOUBLE)))
                        .muli(Transforms.abs(centre.castTo(DataType.DOUBLE))).sumNumber().doubleValue(), 1e-5, "KH's centre is on the L3 sphere");
            }
            double[][] jac = Npy.read(out.resolve("analyses/landscape/" + m + "/jacobian.npy")).toDoubleMatrix();
            int[][] cls = Npy.read(out.resolve("analyses/landscape/" + m + "/class.npy")).toIntMatrix();
            assertEquals(onInput.jacobianFrobeniusNorm(centre).getDouble(0), jac[2][2], 1e-4 * jac[2][2]);
            assertEquals(request.test().labels()[image], cls[2][2], "the centre is the image itself for " + m);
            INDArray corner = centre.castTo(DataType.DOUBLE).add(uv.getRow(0).mul(-2.0)).addi(uv.getRow(1).mul(2.0)).castTo(DataType.FLOAT);
            assertEquals(onInput.jacobianFrobeniusNorm(corner).getDouble(0), jac[0][4], 1e-4 * jac[0][4]);
            assertEquals(onInput.predict(corner)[0], cls[0][4]);
            if (m.equals("kh")) {
                INDArray pixelCorner = x0.castTo(DataType.DOUBLE).add(uv.getRow(0).mul(-2.0)).addi(uv.getRow(1).mul(2.0)).castTo(DataType.FLOAT);
                assertTrue(Math.abs(model.jacobianFrobeniusNorm(pixelCorner).getDouble(0) - jac[0][4]) > 1e-3 * jac[0][4],
                        "not the pixel-space landscape");
            }
        }
    }

    @Test
    void landscapeStoresExactJacobianNormsAndDecisionsOnTheGrid() throws Exception {
        analyzer(new LandscapeAnalyzer(), Map.of("grid", 9, "range", 4.0, "roughnessImages", 12, "roughnessGrid", 5,
                "bootstrap", 200)).analyze(request, ctx);
        // one row per image and model; per model a mean inside its interval; one difference row per pair
        assertEquals(1 + 12 * 2, Files.readAllLines(dir.resolve("analyses/landscape/roughness.csv")).size());
        List<String> summary = Files.readAllLines(dir.resolve("analyses/landscape/roughness-summary.csv"));
        assertEquals(List.of("bp", "kh"), summary.subList(1, 3).stream().map(l -> l.split(",")[0]).toList());
        for (String line : summary.subList(1, 3)) {
            String[] f = line.split(",");
            assertTrue(Double.parseDouble(f[2]) <= Double.parseDouble(f[1]) && Double.parseDouble(f[1]) <= Double.parseDouble(f[3]), line);
            assertTrue(Double.parseDouble(f[1]) > 0, "trained ReLU layers switch units on a plane of radius 4: " + line);
        }
        assertEquals(2, Files.readAllLines(dir.resolve("analyses/landscape/roughness-differences.csv")).size());
        JsonNode meta = json("analyses/landscape/landscape.json");
        int image = meta.get("image").asInt();
        INDArray x0 = request.test().features().getRow(image).reshape(1, 3072);
        for (String m : List.of("bp", "kh")) {
            TrainedModel model = request.models().get(m);
            assertEquals(request.test().labels()[image], model.predict(x0)[0], "the centre is classified correctly by " + m);
            double[][] jac = Npy.read(dir.resolve("analyses/landscape/" + m + "/jacobian.npy")).toDoubleMatrix();
            int[][] cls = Npy.read(dir.resolve("analyses/landscape/" + m + "/class.npy")).toIntMatrix();
            assertEquals(model.jacobianFrobeniusNorm(x0).getDouble(0), jac[4][4], 1e-4 * jac[4][4]);
            assertEquals(request.test().labels()[image], cls[4][4]);
            // A corner point, recomputed from the saved directions.
            INDArray uv = Npy.read(dir.resolve("analyses/landscape/directions.npy")).castTo(DataType.DOUBLE);
            assertEquals(0, uv.getRow(0).mul(uv.getRow(1)).sumNumber().doubleValue(), 1e-12);
            assertEquals(1, uv.getRow(0).norm2Number().doubleValue(), 1e-12);
            INDArray corner = x0.castTo(DataType.DOUBLE).add(uv.getRow(0).mul(-4.0)).addi(uv.getRow(1).mul(4.0)).castTo(DataType.FLOAT);
            assertEquals(model.jacobianFrobeniusNorm(corner).getDouble(0), jac[0][8], 1e-4 * jac[0][8]);
            assertEquals(model.predict(corner)[0], cls[0][8]);
        }
    }

    /**
     * Claims on power-law α and landscape roughness take the difference and interval those analyzers computed (their
     * CSVs, read here independently), in either orientation of the pair, with the verdict the interval gives.
     */
    @Test
    void compareEvaluatesClaimsOnThePowerLawAndRoughnessDifferences() throws Exception {
        analyzer(new PowerLawAnalyzer(), Map.of("bootstrap", 5, "imageWindow", List.of(2, 40), "noiseWindow", List.of(2, 30)))
                .analyze(request, ctx);
        analyzer(new LandscapeAnalyzer(), Map.of("grid", 5, "range", 4.0, "roughnessImages", 12, "roughnessGrid", 5,
                "bootstrap", 200)).analyze(request, ctx);
        List<List<String>> alpha = org.robustlab.core.results.CsvTables.rows(dir.resolve("analyses/powerlaw/differences.csv"));
        List<String> rough = org.robustlab.core.results.CsvTables.rows(dir.resolve("analyses/landscape/roughness-differences.csv")).get(0);
        String input = alpha.get(0).get(0);
        assertEquals(List.of("bp", "kh"), alpha.get(0).subList(1, 3), "stored as bp − kh");
        assertEquals(List.of("bp", "kh"), rough.subList(0, 2), "stored as bp − kh");
        List<org.robustlab.api.Claim> claims = List.of(
                new org.robustlab.api.Claim("bp steeper", "bp > kh", "powerlaw." + input + ".alpha", "(s, line 1)"),
                new org.robustlab.api.Claim("kh steeper", "kh > bp", "powerlaw." + input + ".alpha", "(s, line 2)"),
                new org.robustlab.api.Claim("kh smoother", "kh < bp", "landscape.roughness", "(s, line 3)"),
                new org.robustlab.api.Claim("bp a power law", "bp", "powerlaw." + input + ".rSquared", "(s, line 4)",
                        new double[]{0, 1}));
        CompareAnalyzer compare = analyzer(new CompareAnalyzer(), Map.of("bootstrap", 100));
        compare.analyze(new AnalysisRequest(request.models(), request.train(), request.test(), List.of(), claims), ctx);
        List<List<String>> rows = org.robustlab.core.results.CsvTables.rows(dir.resolve("analyses/compare/claims.csv"));
        double d = Double.parseDouble(alpha.get(0).get(3));
        double lo = Double.parseDouble(alpha.get(0).get(5));
        double hi = Double.parseDouble(alpha.get(0).get(6));
        double rd = Double.parseDouble(rough.get(2));
        double rlo = Double.parseDouble(rough.get(3));
        double rhi = Double.parseDouble(rough.get(4));
        double[][] expected = {{d, lo, hi}, {-d, -hi, -lo}, {-rd, -rhi, -rlo}};
        for (int i = 0; i < 3; i++) {
            List<String> r = rows.get(i);
            for (int j = 0; j < 3; j++) {
                assertEquals(expected[i][j], Double.parseDouble(r.get(7 + j)), 1e-12, r.toString());
            }
            double sign = r.get(5).equals(">") ? 1 : -1;
            double a = Double.parseDouble(r.get(8)) * sign;
            double b = Double.parseDouble(r.get(9)) * sign;
            assertEquals(a > 0 && b > 0 ? "holds" : a < 0 && b < 0 ? "differs" : "undecided", r.get(10), r.toString());
        }
        List<String> bpFit = org.robustlab.core.results.CsvTables.rows(dir.resolve("analyses/powerlaw/fits.csv")).stream()
                .filter(f -> f.get(0).equals(input) && f.get(1).equals("bp") && f.get(2).equals("trained") && f.get(4).equals("false"))
                .findFirst().orElseThrow();
        List<String> header = org.robustlab.core.results.CsvTables.header(dir.resolve("analyses/powerlaw/fits.csv"));
        assertEquals(List.of(bpFit.get(header.indexOf("rSquared")), bpFit.get(header.indexOf("rSquaredCiLow")),
                bpFit.get(header.indexOf("rSquaredCiHigh"))).stream().map(Double::parseDouble).toList(),
                rows.get(3).subList(7, 10).stream().map(Double::parseDouble).toList(), "the band claim carries the fit's r² and interval");
        assertEquals("holds", rows.get(3).get(10), "r² and its interval lie in [0, 1]");
        Map<String, String> mirror = Map.of("holds", "differs", "differs", "holds", "undecided", "undecided");
        assertEquals(mirror.get(rows.get(0).get(10)), rows.get(1).get(10), "a pair and its mirror");
        // metrics.csv carries each model's α and roughness with the analyzers' own intervals
        List<List<String>> metrics = org.robustlab.core.results.CsvTables.rows(dir.resolve("analyses/compare/metrics.csv"));
        assertTrue(metrics.stream().anyMatch(m -> m.get(0).equals("kh") && m.get(1).equals("landscape.roughness")), metrics.toString());
        assertEquals(2, metrics.stream().filter(m -> m.get(1).equals("powerlaw." + input + ".alpha")).count(), metrics.toString());
    }

    @Test
    void stirOfAModelWithItselfIsNearOneAndInversionReducesTheLoss() throws Exception {
        // A smaller step than the default 0.5: the normalised-gradient step sets a floor on the loss
        // on these small models. KH (ReLU(h)^4.5 of L3-normalised inputs) is much harder to invert.
        analyzer(new StirAnalyzer(), Map.of("samples", 40, "steps", 1000, "stepSize", 0.1, "bootstrap", 20)).analyze(request, ctx);
        JsonNode stir = json("analyses/stir/stir.json");
        JsonNode value = stir.get("stir").get("value");
        assertTrue(value.get(0).get(0).asDouble() > 0.99, "STIR(bp|bp) " + stir);
        assertTrue(value.get(1).get(1).asDouble() > 0.9, "STIR(kh|kh) " + stir);
        assertTrue(value.get(0).get(1).asDouble() < 0.5, "STIR(kh|bp): bp's invariances are not kh's " + stir);
        JsonNode bp = stir.get("inversion").get(0), kh = stir.get("inversion").get(1);
        double bpRatio = bp.get("initialLossMedian").asDouble() / bp.get("finalLossMedian").asDouble();
        double khRatio = kh.get("initialLossMedian").asDouble() / kh.get("finalLossMedian").asDouble();
        assertTrue(bpRatio > 100, "inversion of bp reduced the median loss " + bpRatio + "x: " + bp);
        assertTrue(khRatio > 5, "inversion of kh reduced the median loss " + khRatio + "x: " + kh);
        JsonNode cka = stir.get("cka").get("value");
        assertEquals(1.0, cka.get(0).get(0).asDouble(), 1e-9);
        assertEquals(cka.get(0).get(1).asDouble(), cka.get(1).get(0).asDouble(), 1e-9);
        JsonNode low = stir.get("stir").get("low"), high = stir.get("stir").get("high");
        assertTrue(low.get(0).get(1).asDouble() <= high.get(0).get(1).asDouble());
    }

    @Test
    void ckaMatrixIsSymmetricWithUnitDiagonal() throws Exception {
        analyzer(new CkaAnalyzer(), Map.of("samples", 200, "batch", 50)).analyze(request, ctx);
        JsonNode cka = json("analyses/cka/cka.json");
        for (String est : List.of("linear", "unbiased")) {
            JsonNode m = cka.get(est);
            assertEquals(1.0, m.get(0).get(0).asDouble(), 1e-9, est);
            assertEquals(1.0, m.get(1).get(1).asDouble(), 1e-9, est);
            assertEquals(m.get(0).get(1).asDouble(), m.get(1).get(0).asDouble(), 1e-12, est);
            assertTrue(m.get(0).get(1).asDouble() < 1, est);
        }
    }
}
