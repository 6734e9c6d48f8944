package org.robustlab.core.robustness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustlab.api.Quantiles;

/** Mean, median, variance and quartiles of the uncensored critical distances, plus the censored count. */
public final class DistanceSummary {
    private DistanceSummary() {
    }

    /** JSON-able summary; statistics are NaN when every image is censored. */
    public static Map<String, Object> of(List<CriticalDistance> critical) {
        double[] d = critical.stream().filter(c -> !c.censored()).mapToDouble(CriticalDistance::distance).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", critical.size());
        m.put("censored", critical.size() - d.length);
        double mean = Arrays.stream(d).average().orElse(Double.NaN);
        m.put("mean", mean);
        m.put("median", Quantiles.ofSorted(d, 0.5));
        m.put("variance", d.length < 2 ? Double.NaN : Arrays.stream(d).map(x -> (x - mean) * (x - mean)).sum() / (d.length - 1));
        m.put("q1", Quantiles.ofSorted(d, 0.25));
        m.put("q3", Quantiles.ofSorted(d, 0.75));
        m.put("min", d.length == 0 ? Double.NaN : d[0]);
        m.put("max", d.length == 0 ? Double.NaN : d[d.length - 1]);
        return m;
    }
}
