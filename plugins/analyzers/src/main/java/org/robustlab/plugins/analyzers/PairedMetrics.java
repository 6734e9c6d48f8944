package org.robustlab.plugins.analyzers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.StudyContext;

/**
 * Metrics an analyzer estimates with its own resampling (not over the test images compare resamples), each model's
 * value with its interval and the paired differences between models, published in
 * {@code analyses/<analyzer>/paired-metrics.json} so that {@code compare} can evaluate claims on them
 * ({@code powerlaw.<input>.alpha}, {@code landscape.roughness}). Compare takes the analyzer's interval of a − b as it
 * is: the pairing (the same resamples for a and b) is the analyzer's business.
 */
final class PairedMetrics {
    static final String FILE = "paired-metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PairedMetrics() {
    }

    /** One model's estimate. */
    record Value(String model, double value, double ciLow, double ciHigh) {
    }

    /** a − b with its interval. */
    record Difference(String a, String b, double difference, double ciLow, double ciHigh) {
    }

    /** One metric: every model's value and the differences of (some order of) every pair. */
    record Metric(String name, List<Value> values, List<Difference> differences) {
        /** The model's value, or null. */
        Value value(String model) {
            return values.stream().filter(v -> v.model().equals(model)).findFirst().orElse(null);
        }

        /** a − b, from the stored pair in either order (b − a negated, its interval mirrored); null when absent. */
        Difference difference(String a, String b) {
            for (Difference d : differences) {
                if (d.a().equals(a) && d.b().equals(b)) {
                    return d;
                }
                if (d.a().equals(b) && d.b().equals(a)) {
                    return new Difference(a, b, -d.difference(), -d.ciHigh(), -d.ciLow());
                }
            }
            return null;
        }
    }

    /** Writes {@code dir + paired-metrics.json}. */
    static void write(StudyContext ctx, String dir, List<Metric> metrics) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Metric m : metrics) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("metric", m.name());
            e.put("values", m.values().stream().map(v -> row("model", v.model(), "value", v.value(), "ciLow", v.ciLow(),
                    "ciHigh", v.ciHigh())).toList());
            e.put("differences", m.differences().stream().map(d -> row("a", d.a(), "b", d.b(), "difference", d.difference(),
                    "ciLow", d.ciLow(), "ciHigh", d.ciHigh())).toList());
            out.add(e);
        }
        ctx.files().writeJson(dir + FILE, Map.of("metrics", out));
    }

    /** Every {@code analyses/<analyzer>/paired-metrics.json} of the study folder, by metric name. */
    @SuppressWarnings("unchecked")
    static Map<String, Metric> readAll(StudyContext ctx) {
        Map<String, Metric> out = new LinkedHashMap<>();
        Path analyses = ctx.files().root().resolve("analyses");
        if (!Files.isDirectory(analyses)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(analyses)) {
            for (Path file : dirs.map(d -> d.resolve(FILE)).filter(Files::isRegularFile).sorted().toList()) {
                Map<String, Object> json;
                try {
                    json = JSON.readValue(file.toFile(), Map.class);
                } catch (IOException e) {
                    throw new RobustlabException(file + " is unreadable (" + e.getMessage() + "); run its analyzer again");
                }
                for (Map<String, Object> m : (List<Map<String, Object>>) json.getOrDefault("metrics", List.of())) {
                    List<Value> values = new ArrayList<>();
                    for (Map<String, Object> v : (List<Map<String, Object>>) m.get("values")) {
                        values.add(new Value((String) v.get("model"), number(v.get("value")), number(v.get("ciLow")),
                                number(v.get("ciHigh"))));
                    }
                    List<Difference> diffs = new ArrayList<>();
                    for (Map<String, Object> d : (List<Map<String, Object>>) m.get("differences")) {
                        diffs.add(new Difference((String) d.get("a"), (String) d.get("b"), number(d.get("difference")),
                                number(d.get("ciLow")), number(d.get("ciHigh"))));
                    }
                    out.put((String) m.get("metric"), new Metric((String) m.get("metric"), values, diffs));
                }
            }
        } catch (IOException e) {
            throw new RobustlabException("cannot list " + analyses + ": " + e.getMessage());
        }
        return out;
    }

    /** JSON has no NaN: a missing interval is written as null and read back as NaN. */
    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Double d && !Double.isFinite(d) ? null : v);
        }
        return m;
    }
}
