package org.robustlab.plugins.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;
import org.robustlab.api.Metric;
import org.robustlab.api.Predictions;
import org.robustlab.api.StudyContext;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.baseline.DummyClassifierTrainer;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Classification evaluation through Tribuo's {@link LabelEvaluator}: accuracy, per-class
 * precision/recall/F1 with their counts, macro averages, the confusion matrix and Tribuo's
 * evaluation provenance. robustlab's predictions are handed to Tribuo as {@link Prediction}s; the
 * {@link Model} Tribuo requires for the output domain and provenance is a constant baseline over
 * the class names (it predicts nothing here).
 */
@Extension
public class TribuoEvaluation implements Metric {
    private static final String[] FEATURE = {"bias"};
    private static final double[] VALUE = {1.0};

    @Override
    public String name() {
        return "evaluation";
    }

    @Override
    public String description() {
        return "Tribuo classification evaluation: accuracy, per-class P/R/F1, macro averages, confusion matrix";
    }

    @Override
    public Map<String, Object> evaluate(Predictions p, StudyContext context) {
        LabelFactory factory = new LabelFactory();
        List<String> classes = p.classNames();
        String source = "robustlab " + p.model() + " / " + p.setting();
        MutableDataset<Label> domain = new MutableDataset<>(new SimpleDataSourceProvenance(source, factory), factory);
        for (String c : classes) {
            domain.add(new ArrayExample<>(new Label(c), FEATURE, VALUE));
        }
        Model<Label> model = DummyClassifierTrainer.createMostFrequentTrainer().train(domain);
        List<Prediction<Label>> predictions = new ArrayList<>();
        for (int i = 0; i < p.trueLabels().length; i++) {
            ArrayExample<Label> example = new ArrayExample<>(new Label(classes.get(p.trueLabels()[i])), FEATURE, VALUE);
            predictions.add(new Prediction<>(new Label(classes.get(p.predicted()[i])), 1, example));
        }
        LabelEvaluation e = new LabelEvaluator().evaluate(model, predictions, new SimpleDataSourceProvenance(source, factory));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", predictions.size());
        out.put("accuracy", e.accuracy());
        out.put("macroPrecision", e.macroAveragedPrecision());
        out.put("macroRecall", e.macroAveragedRecall());
        out.put("macroF1", e.macroAveragedF1());
        out.put("balancedErrorRate", e.balancedErrorRate());
        Map<String, Object> perClass = new LinkedHashMap<>();
        List<List<Double>> confusion = new ArrayList<>();
        for (String c : classes) {
            Label l = new Label(c);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("precision", e.precision(l));
            m.put("recall", e.recall(l));
            m.put("f1", e.f1(l));
            m.put("tp", e.tp(l));
            m.put("fp", e.fp(l));
            m.put("fn", e.fn(l));
            perClass.put(c, m);
            List<Double> row = new ArrayList<>();
            for (String predicted : classes) {
                row.add(e.confusion(new Label(predicted), l)); // row: true class, column: predicted class
            }
            confusion.add(row);
        }
        out.put("perClass", perClass);
        out.put("confusionMatrix", Map.of("rows", "true class", "columns", "predicted class", "classes", classes,
                "counts", confusion));
        out.put("tribuoProvenance", e.getProvenance().toString());
        return out;
    }
}
