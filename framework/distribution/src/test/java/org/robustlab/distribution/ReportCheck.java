package org.robustlab.distribution;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Dataset;
import org.robustlab.api.TrainedModel;
import org.robustlab.api.TrainingRecord;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.results.CsvTables;
import org.robustlab.core.results.StudyFiles;
import org.robustlab.core.results.manifest.ModelEntry;
import org.robustlab.core.results.manifest.StudyManifest;
import org.robustlab.core.robustness.AttackOutcomes;
import org.robustlab.core.study.ComponentRef;
import org.robustlab.core.study.Configured;
import org.robustlab.core.study.SeededContext;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;
import org.robustlab.site.ClaimsMarkdown;

/**
 * Re-derives a report's claims from its exported data ({@code robustlab export}: study.json, the per-image clean
 * predictions, the per-image critical-distance CSVs) with the same compare analyzer, seed and settings the study used,
 * and lists every disagreement with the exported {@code claims.csv}, {@code differences.csv} and the report's
 * Markdown claims table. Empty when the report is consistent with its data.
 */
final class ReportCheck {
    private ReportCheck() {
    }

    static List<String> problems(ExtensionRegistry registry, Path data, Path reportMarkdown) throws Exception {
        List<String> problems = new ArrayList<>();
        StudyManifest study = StudyManifest.read(data);
        StudySpec spec = new StudyScriptLoader(registry).load(study.script.text(), study.script.name());
        ComponentRef compareRef = spec.analyzers.stream().filter(a -> a.name().equals("compare") || a.name().endsWith(":compare"))
                .findFirst().orElseThrow(() -> new AssertionError(data + ": the study has no compare analyzer"));
        Analyzer compare = Configured.<Analyzer>of(registry, ExtensionKind.ANALYZER, compareRef, null).instance();

        Map<String, TrainedModel> models = new LinkedHashMap<>();
        int[] labels = null;
        for (ModelEntry m : study.models) {
            if (m.predictions() == null) {
                problems.add("model '" + m.name() + "' has no per-image predictions in " + data + " (export a study run with"
                        + " robustlab 0.1.0 of 2026-11-30 or later)");
                continue;
            }
            List<List<String>> rows = CsvTables.rows(data.resolve(m.predictions().file())); // index,label,predicted
            int[] predicted = rows.stream().mapToInt(r -> Integer.parseInt(r.get(2))).toArray();
            labels = rows.stream().mapToInt(r -> Integer.parseInt(r.get(1))).toArray();
            models.put(m.name(), new RecordedPredictions(m.name(), predicted));
        }
        if (labels == null) {
            return problems;
        }
        Dataset test = new Dataset("recorded test labels", Nd4j.zeros(DataType.FLOAT, labels.length, 1), labels,
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), new int[]{1, 1, 1}, Map.of());
        Path work = Files.createTempDirectory("report-check");
        copyTree(data.resolve("analyses"), work.resolve("analyses")); // compare also reads other analyzers' paired metrics
        deleteTree(work.resolve("analyses/compare"));
        SeededContext ctx = new SeededContext(study.seed, study.dataType.equals("DOUBLE") ? DataType.DOUBLE : DataType.FLOAT,
                new StudyFiles(work), new PrintStream(OutputStream.nullOutputStream()), work);
        compare.analyze(new AnalysisRequest(models, null, test, AttackOutcomes.read(data, study.attacks), spec.claims), ctx);

        for (String file : List.of("analyses/compare/claims.csv", "analyses/compare/differences.csv")) {
            compareCsv(data.resolve(file), work.resolve(file), problems);
        }
        String table = ClaimsMarkdown.of(work.resolve("analyses/compare/claims.json"));
        String md = Files.readString(reportMarkdown);
        if (!md.contains(table)) {
            problems.add(reportMarkdown + " does not contain the claims table re-derived from " + data + ":\n" + table);
        }
        deleteTree(work);
        return problems;
    }

    /** Same rows; numbers equal to 1e-9 (relative), text equal. */
    private static void compareCsv(Path recorded, Path derived, List<String> problems) {
        List<List<String>> a = CsvTables.rows(recorded);
        List<List<String>> b = CsvTables.rows(derived);
        if (a.size() != b.size()) {
            problems.add(recorded + ": " + a.size() + " rows, re-derived " + b.size());
            return;
        }
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < Math.max(a.get(i).size(), b.get(i).size()); j++) {
                String x = j < a.get(i).size() ? a.get(i).get(j) : "";
                String y = j < b.get(i).size() ? b.get(i).get(j) : "";
                if (!same(x, y)) {
                    problems.add(recorded + " row " + (i + 1) + " column " + (j + 1) + ": recorded '" + x + "', re-derived '" + y + "'");
                }
            }
        }
    }

    private static boolean same(String x, String y) {
        if (x.equals(y)) {
            return true;
        }
        try {
            double u = Double.parseDouble(x);
            double v = Double.parseDouble(y);
            return Math.abs(u - v) <= 1e-9 * Math.max(1, Math.max(Math.abs(u), Math.abs(v)));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** A model that only replays its recorded clean predictions (the report's data has no weights). */
    private record RecordedPredictions(String name, int[] predicted) implements TrainedModel {
        @Override
        public INDArray logits(INDArray x) {
            if (x.rows() != predicted.length) {
                throw new UnsupportedOperationException("recorded predictions cover the " + predicted.length + " test images only");
            }
            INDArray out = Nd4j.zeros(DataType.DOUBLE, predicted.length, 10);
            for (int i = 0; i < predicted.length; i++) {
                out.putScalar(i, predicted[i], 1);
            }
            return out;
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int hiddenSize() {
            throw unsupported();
        }

        @Override
        public int numClasses() {
            return 10;
        }

        @Override
        public INDArray hidden(INDArray x) {
            throw unsupported();
        }

        @Override
        public INDArray lossInputGradient(INDArray x, int[] labels) {
            throw unsupported();
        }

        @Override
        public INDArray representationInputGradient(INDArray x, INDArray target) {
            throw unsupported();
        }

        @Override
        public INDArray jacobianFrobeniusNorm(INDArray x) {
            throw unsupported();
        }

        @Override
        public List<TrainingRecord> history() {
            return List.of();
        }

        @Override
        public SavedModel export() {
            throw unsupported();
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("a report's data has predictions only, no model");
        }
    }
}
