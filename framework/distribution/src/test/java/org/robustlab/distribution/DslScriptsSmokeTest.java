package org.robustlab.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.robustlab.core.data.DataSpec;
import org.robustlab.core.plugin.PluginHost;
import org.robustlab.core.results.Json;
import org.robustlab.core.study.ComponentRef;
import org.robustlab.core.study.ModelSpec;
import org.robustlab.core.study.StudyRunner;
import org.robustlab.core.study.StudySpec;
import org.robustlab.dsl.StudyScriptLoader;

/** Every script in dsl-scripts/ parses against the real plugins and runs on tiny data. */
class DslScriptsSmokeTest {
    @TempDir
    Path dir;

    static Path home() {
        return Path.of(System.getProperty("robustlab.home"));
    }

    static Path plugins() {
        return Path.of(System.getProperty("robustlab.dist"), "plugins");
    }

    /**
     * Same study, shrunk: 100 train / 50 test sample images, 1 epoch (KH: 1 + 1), at most 16 hidden units, 3 ε values,
     * at most 5 attack steps, a 50% minimal-ε tolerance and 10 images for the indicators' subset checks.
     */
    static void shrink(StudySpec spec) {
        spec.data = new DataSpec("sample", null, 100, 50);
        List<ModelSpec> tiny = spec.models.stream().map(m -> {
            ComponentRef e = m.encoder();
            var args = new java.util.LinkedHashMap<>(e.args());
            args.put("epochs", 1);
            if (e.name().equals("kh")) {
                args.put("decoderEpochs", 1);
                args.put("minConverged", 0); // one epoch never converges; the gate belongs to the full-length run
            }
            args.put("hidden", Math.min(16, ((Number) args.getOrDefault("hidden", 16)).intValue()));
            return new ModelSpec(m.name(), new ComponentRef(e.name(), args, e.positional(), e.where()), m.regularizers(), m.where());
        }).toList();
        spec.models.clear();
        spec.models.addAll(tiny);
        List<ComponentRef> attacks = spec.attacks.stream().map(a -> {
            var args = new java.util.LinkedHashMap<>(a.args());
            args.put("epsCount", 3);
            args.remove("epsilons");
            // token attack effort: a few steps, a coarse minimal-ε search, indicators on a handful of images
            if (args.get("steps") instanceof Number steps) {
                args.put("steps", Math.min(steps.intValue(), 5));
            }
            if (Boolean.TRUE.equals(args.get("bisect"))) {
                args.put("tolerance", 0.5);
            }
            args.put("indicatorImages", 10);
            return new ComponentRef(a.name(), args, a.positional(), a.where());
        }).toList();
        spec.attacks.clear();
        spec.attacks.addAll(attacks);
        // Analyzers keep their kind but do a token amount of work (the script's own values are validated at load).
        Map<String, Map<String, Object>> small = Map.of(
                "spectrum", Map.of("scales", List.of(4, 8)),
                "powerlaw", Map.of("bootstrap", 2, "scales", List.of(4, 8), "imageWindow", List.of(2, 12), "noiseWindow", List.of(2, 12)),
                "landscape", Map.of("grid", 5, "roughnessImages", 4, "roughnessGrid", 5),
                "stir", Map.of("samples", 10, "steps", 5, "bootstrap", 2),
                "cka", Map.of("samples", 50, "batch", 10));
        List<ComponentRef> analyzers = spec.analyzers.stream().map(a -> {
            var args = new java.util.LinkedHashMap<>(a.args());
            args.putAll(small.getOrDefault(a.name(), Map.of()));
            return new ComponentRef(a.name(), args, a.positional(), a.where());
        }).toList();
        spec.analyzers.clear();
        spec.analyzers.addAll(analyzers);
    }

    @TestFactory
    Stream<DynamicTest> everyScriptRuns() throws Exception {
        List<Path> scripts;
        try (Stream<Path> s = Files.walk(home().resolve("dsl-scripts"))) { // ablations/ too
            scripts = s.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
        }
        assertFalse(scripts.isEmpty());
        return scripts.stream().map(script -> DynamicTest.dynamicTest(home().resolve("dsl-scripts").relativize(script).toString(), () -> {
            try (PluginHost host = PluginHost.load(List.of(plugins()))) {
                StudySpec spec = new StudyScriptLoader(host.registry()).load(script);
                shrink(spec);
                Path out = dir.resolve(home().resolve("dsl-scripts").relativize(script).toString().replace('/', '_'));
                new StudyRunner(host.registry(), new PrintStream(OutputStream.nullOutputStream())).run(spec, out, script.getParent());
                assertEquals("complete", Json.readMap(out.resolve("study.json")).get("status"));
            }
        }));
    }
}
