package org.robustlab.plugins.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustlab.api.Predictions;

class TribuoEvaluationTest {
    @Test
    @SuppressWarnings("unchecked")
    void handMadePredictionsGiveHandComputedMetrics() {
        // true: a a b b c ; predicted: a b b b a
        Predictions p = new Predictions("m", "clean", new int[]{0, 0, 1, 1, 2}, new int[]{0, 1, 1, 1, 0}, List.of("a", "b", "c"));
        Map<String, Object> r = new TribuoEvaluation().evaluate(p, null);
        assertEquals(0.6, (double) r.get("accuracy"), 1e-12);                  // 3 of 5
        Map<String, Map<String, Object>> per = (Map<String, Map<String, Object>>) r.get("perClass");
        assertEquals(0.5, (double) per.get("a").get("precision"), 1e-12);      // tp 1, fp 1 (c predicted as a)
        assertEquals(0.5, (double) per.get("a").get("recall"), 1e-12);         // fn 1 (a predicted as b)
        assertEquals(2.0 / 3, (double) per.get("b").get("precision"), 1e-12);  // tp 2, fp 1
        assertEquals(1.0, (double) per.get("b").get("recall"), 1e-12);
        assertEquals(0.8, (double) per.get("b").get("f1"), 1e-12);             // 2·(2/3)·1/(2/3+1)
        assertEquals(0.0, (double) per.get("c").get("recall"), 1e-12);
        assertEquals((0.5 + 0.8 + 0.0) / 3, (double) r.get("macroF1"), 1e-12);
        Map<String, Object> cm = (Map<String, Object>) r.get("confusionMatrix");
        assertEquals(List.of(List.of(1.0, 1.0, 0.0), List.of(0.0, 2.0, 0.0), List.of(1.0, 0.0, 0.0)), cm.get("counts"));
        String provenance = r.get("tribuoProvenance").toString();
        assertTrue(provenance.startsWith("Evaluation(class-name=org.tribuo.provenance.EvaluationProvenance"), provenance);
        assertTrue(provenance.contains("description=robustlab m / clean") && provenance.contains("tribuo-version=4.3.1"), provenance);
    }
}
