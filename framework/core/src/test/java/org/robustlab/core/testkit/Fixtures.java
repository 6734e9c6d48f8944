package org.robustlab.core.testkit;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.pf4j.Plugin;
import org.robustlab.api.AnalysisRequest;
import org.robustlab.api.Analyzer;
import org.robustlab.api.Attack;
import org.robustlab.api.Dataset;
import org.robustlab.api.DifferentiableModel;
import org.robustlab.api.Encoder;
import org.robustlab.api.HiddenBatch;
import org.robustlab.api.HiddenGradients;
import org.robustlab.api.Param;
import org.robustlab.api.Regularizer;
import org.robustlab.api.StudyContext;
import org.robustlab.api.TrainedModel;
import org.robustlab.core.plugin.ExtensionRegistry;

/** Small extensions for host and DSL tests. They do no real numerics; the real ones live in plugins/. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A registry with the names the DSL tests use: encoder mlp, regularizer l2, attacks fgsm/pgd/random, analyzer probe. */
    public static ExtensionRegistry registry() {
        ExtensionRegistry r = new ExtensionRegistry();
        r.register(MlpLike.class, "fixtures", "1.0.0");
        r.register(L2Like.class, "fixtures", "1.0.0");
        r.register(PgdLike.class, "fixtures", "1.0.0");
        r.register(FgsmLike.class, "fixtures", "1.0.0");
        r.register(RandomLike.class, "fixtures", "1.0.0");
        r.register(Probe.class, "fixtures", "1.0.0");
        return r;
    }

    public static class MlpLike implements Encoder {
        @Param(description = "hidden width", min = 1)
        int hidden = 10;
        @Param(description = "epochs", min = 1)
        int epochs = 1;

        @Override
        public String name() {
            return "mlp";
        }

        @Override
        public TrainedModel train(String modelName, Dataset train, List<Regularizer> regularizers, StudyContext context) {
            throw new UnsupportedOperationException("fixture encoder does not train");
        }

        @Override
        public TrainedModel restore(String modelName, TrainedModel.SavedModel saved) {
            throw new UnsupportedOperationException("fixture encoder does not restore");
        }
    }

    public static class L2Like implements Regularizer {
        @Param(description = "strength", primary = true, min = 0)
        double lambda = 1e-4;

        @Override
        public String name() {
            return "l2";
        }

        @Override
        public double penalty(HiddenBatch batch, HiddenGradients gradients) {
            return 0;
        }
    }

    /** An attack that returns its input (ε-ball trivially respected). */
    public static class RandomLike implements Attack {
        @Override
        public String name() {
            return "random";
        }

        @Override
        public INDArray perturb(DifferentiableModel model, INDArray x, int[] labels, double epsilon, Random rng) {
            return x.dup();
        }

        @Override
        public String norm() {
            return "2";
        }
    }

    /** Reports which copy of {@link BundledLibrary} its class loader resolved. */
    public static class BundledLibraryAttack extends RandomLike {
        @Override
        public String name() {
            return "bundled";
        }

        @Override
        public String description() {
            return "library " + BundledLibrary.version();
        }
    }

    public static class PgdLike extends RandomLike {
        @Param(description = "number of gradient steps", min = 1)
        int steps = 10;
        @Param(description = "norm", choices = {"inf", "2"})
        String norm = "inf";

        @Override
        public String name() {
            return "pgd";
        }
    }

    public static class FgsmLike extends RandomLike {
        @Override
        public String name() {
            return "fgsm";
        }
    }

    public static class Probe implements Analyzer {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public Map<String, Object> analyze(AnalysisRequest request, StudyContext context) {
            return Map.of("models", request.models().size());
        }
    }

    /** An attack whose constructor throws. */
    public static class ThrowingAttack extends RandomLike {
        public ThrowingAttack() {
            throw new IllegalStateException("boom in constructor");
        }
    }

    /** A plugin class whose start() throws. */
    public static class FailingStartPlugin extends Plugin {
        @Override
        public void start() {
            throw new IllegalStateException("boom in start");
        }
    }
}
