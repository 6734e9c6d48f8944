package org.robustlab.plugins.analyzers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Extension;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Dataset;
import org.robustlab.api.Param;
import org.robustlab.api.RobustlabException;
import org.robustlab.api.SiteView;
import org.robustlab.api.StudyContext;

/**
 * Representational similarity CKA(m1(X), m2(X)) between every pair of models on test images
 * (docs/methods.md §7): linear CKA, and/or minibatch CKA with the unbiased HSIC estimator.
 * Writes {@code analyses/cka/cka.json|csv}.
 */
@Extension
public class CkaAnalyzer implements Analyzer {
    /** Does not read the study's claims: its result stays reusable when they change. */
    @Override
    public boolean readsClaims() {
        return false;
    }

    static final String DIR = "analyses/cka/";

    @Param(description = "test images used (0 = all)", min = 0)
    int samples = 2000;

    @Param(description = "estimator", choices = {"linear", "unbiased", "both"})
    String estimator = "both";

    @Param(description = "minibatch size of the unbiased estimator", min = 4)
    int batch = 256;

    @Override
    public String name() {
        return "cka";
    }

    @Override
    public String description() {
        return "centered kernel alignment between every pair of models (linear, unbiased minibatch)";
    }

    @Override
    public List<SiteView> views(AnalysisRequest request) {
        return List.of(SiteView.of(SiteView.CKA, "CKA", DIR + "cka.json"));
    }

    @Override
    public Map<String, Object> analyze(AnalysisRequest request, StudyContext ctx) {
        if (request.models().isEmpty()) {
            throw new RobustlabException("cka needs at least one model; add e.g. encoder mlp");
        }
        Dataset images = AnalysisInputs.testSubset(request.test(), samples, ctx, "analysis/cka/images");
        List<String> names = new ArrayList<>(request.models().keySet());
        List<INDArray> reps = new ArrayList<>();
        for (String m : names) {
            reps.add(Representations.hidden(request.models().get(m), images.features().castTo(ctx.dataType())));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("models", names);
        json.put("samples", images.size());
        List<List<?>> rows = new ArrayList<>();
        List<String> estimators = estimator.equals("both") ? List.of("linear", "unbiased") : List.of(estimator);
        for (String est : estimators) {
            double[][] m = new double[names.size()][names.size()];
            for (int i = 0; i < names.size(); i++) {
                for (int j = i; j < names.size(); j++) {
                    m[i][j] = m[j][i] = est.equals("linear") ? Cka.linear(reps.get(i), reps.get(j))
                            : Cka.unbiasedMinibatch(reps.get(i), reps.get(j), batch);
                }
            }
            for (int i = 0; i < names.size(); i++) {
                for (int j = 0; j < names.size(); j++) {
                    rows.add(List.of(est, names.get(i), names.get(j), m[i][j]));
                }
            }
            json.put(est, m);
        }
        if (estimators.contains("unbiased")) {
            json.put("batch", batch);
        }
        ctx.files().writeJson(DIR + "cka.json", json);
        ctx.files().writeCsv(DIR + "cka.csv", List.of("estimator", "model1", "model2", "cka"), rows);
        Map<String, Object> summary = new LinkedHashMap<>(json);
        summary.remove("models");
        summary.put("files", List.of(DIR + "cka.json", DIR + "cka.csv"));
        return summary;
    }
}
