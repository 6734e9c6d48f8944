package org.robustlab.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.robustlab.core.data.DataSpec;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.robustness.SweepSettings;
import org.robustlab.core.study.ComponentRef;
import org.robustlab.core.study.ModelSpec;
import org.robustlab.core.study.StudySpec;

/**
 * Delegate of {@code study { ... }}: one method per keyword. A top-level {@code encoder} (with
 * optional {@code regularize}) declares one model named after them; {@code model} declares named
 * models for comparisons.
 */
public class StudyBlock extends groovy.lang.GroovyObjectSupport {
    static final List<String> KEYWORDS = List.of("name", "seed", "precision", "data", "encoder", "regularize", "model",
            "attack", "analyze", "metrics", "claim", "sample", "cifar10", "images");
    private final DslContext ctx;
    private final StudySpec spec;
    private final ModelBlock defaultModel;
    private String defaultModelWhere;

    StudyBlock(DslContext ctx, StudySpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        this.defaultModel = new ModelBlock(ctx);
    }

    /** The study's name (output folder {@code results/<name>}). */
    public void name(String name) {
        String problem = StudySpec.nameProblem(name);
        if (problem != null) {
            throw ctx.error(problem);
        }
        spec.name = name;
    }

    /** The master seed; same script and seed give the same numbers. */
    public void seed(long seed) {
        spec.seed = seed;
    }

    /** {@code 'float32'} (default) or {@code 'float64'}. */
    public void precision(String precision) {
        spec.dataType = switch (precision) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw ctx.error("precision '" + precision + "' is not supported; use 'float32' or 'float64'");
        };
    }

    /** The images: {@code data sample}, {@code data cifar10(dir: '...')} or {@code data images(path: 'x.zip')}. */
    public void data(Object source) {
        if (!(source instanceof DataSpec d)) {
            throw ctx.error("data expects sample, cifar10(dir: ...) or images(path: ...), got " + source);
        }
        spec.data = d;
    }

    /** The bundled CIFAR-10 sample (1,000 train and 500 test images). */
    public DataSpec getSample() {
        return DataSpec.sample();
    }

    /** The bundled sample, limited: {@code sample(train: 200, test: 100)}. */
    public DataSpec sample(Map<String, Object> args) {
        return dataSpec("sample", null, args, List.of("train", "test"));
    }

    /** CIFAR-10 binary batches: {@code cifar10(dir: 'cifar-10-batches-bin', train: 5000, test: 1000)}; dir may be the tar.gz. */
    public DataSpec cifar10(Map<String, Object> args) {
        Object dir = args.get("dir");
        if (dir == null) {
            throw ctx.error("cifar10 needs dir: (a folder of data_batch_N.bin/test_batch.bin, or cifar-10-binary.tar.gz)");
        }
        return dataSpec("cifar10", dir.toString(), args, List.of("dir", "train", "test"));
    }

    /** Image folders or a zip with {@code train/<class>/*.png} and {@code test/<class>/*.png}. */
    public DataSpec images(Map<String, Object> args) {
        Object path = args.get("path");
        if (path == null) {
            throw ctx.error("images needs path: (a folder or .zip with train/<class>/ and test/<class>/)");
        }
        return dataSpec("images", path.toString(), args, List.of("path", "train", "test"));
    }

    private DataSpec dataSpec(String kind, String path, Map<String, Object> args, List<String> keys) {
        for (String k : args.keySet()) {
            if (!keys.contains(k)) {
                throw ctx.error("unknown parameter '" + k + "' for data " + kind + "; valid: " + String.join(", ", keys));
            }
        }
        return new DataSpec(kind, path, count(args, "train"), count(args, "test"));
    }

    private int count(Map<String, Object> args, String key) {
        Object v = args.get(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Integer i && i > 0) {
            return i;
        }
        throw ctx.error(key + " must be a positive whole number of images, got " + v);
    }

    /** The encoder of the study's single unnamed model: {@code encoder kh(hidden: 100)}. */
    public void encoder(Object ref) {
        defaultModelWhere = ctx.here();
        defaultModel.encoder(ref);
    }

    /** Regularizers of the study's single unnamed model. */
    public void regularize(Object... refs) {
        defaultModel.regularize(refs);
    }

    /** A named model: {@code model 'l2', encoder: mlp(hidden: 2000), regularize: l2(1e-4)}. */
    public void model(Map<String, Object> args, String name) {
        ModelBlock m = new ModelBlock(ctx);
        for (Map.Entry<String, Object> e : args.entrySet()) {
            switch (e.getKey()) {
                case "encoder" -> m.encoder(e.getValue());
                case "regularize" -> m.regularize(e.getValue());
                default -> throw ctx.error("unknown model argument '" + e.getKey() + "'; valid: encoder, regularize");
            }
        }
        addModel(name, m);
    }

    /** A named model in block form: {@code model('l2') { encoder mlp; regularize l2(1e-4) }}. */
    public void model(String name, @DelegatesTo(value = ModelBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        ModelBlock m = new ModelBlock(ctx);
        StudyScript.runDelegateOnly(body, m);
        addModel(name, m);
    }

    private void addModel(String name, ModelBlock m) {
        if (m.encoder == null) {
            throw ctx.error("model '" + name + "' has no encoder; add encoder: mlp (or kh, ...)");
        }
        if (name.isBlank()) {
            throw ctx.error("model name is empty; give each model a name, e.g. model 'bp', encoder: mlp");
        }
        spec.models.add(new ModelSpec(name, m.encoder, m.regularizers, ctx.here()));
    }

    /** An attack applied to every model, e.g. {@code attack pgd(steps: 10, epsMax: 0.1)}. */
    public void attack(Object ref) {
        spec.attacks.add(ctx.use(ExtensionKind.ATTACK, ref, new SweepSettings()));
    }

    /** Analyses over all models, e.g. {@code analyze spectrum, stir}. */
    public void analyze(Object... refs) {
        for (Object r : refs) {
            spec.analyzers.add(ctx.use(ExtensionKind.ANALYZER, r, null));
        }
    }

    /**
     * A claim the {@code compare} analyzer evaluates link by link:
     * {@code claim 'KH most robust under PGD', 'kh > l2 > bp', on: 'pgd.medianCriticalDistance'}.
     */
    public void claim(Map<String, Object> args, String title, String chain) {
        for (String k : args.keySet()) {
            if (!k.equals("on") && !k.equals("within")) {
                throw ctx.error("claim takes on: '<metric>' and, for one model, within: [low, high]; not '" + k + "'");
            }
        }
        Object on = args.get("on");
        if (!(on instanceof CharSequence)) {
            throw ctx.error("claim '" + title + "' needs on: '<metric>', e.g. on: 'pgd.medianCriticalDistance' or 'clean.accuracy'");
        }
        double[] within = null;
        if (args.containsKey("within")) {
            Object w = args.get("within");
            if (!(w instanceof List<?> l) || l.size() != 2 || !(l.get(0) instanceof Number lo) || !(l.get(1) instanceof Number hi)
                    || !(lo.doubleValue() < hi.doubleValue())) {
                throw ctx.error("claim '" + title + "': within: must be [low, high] with low < high, e.g. within: [0.9, 1.1];"
                        + " got " + w);
            }
            within = new double[]{lo.doubleValue(), hi.doubleValue()};
        }
        org.robustlab.api.Claim c = new org.robustlab.api.Claim(title, chain, on.toString(), ctx.here(), within);
        c.links(); // the chain's syntax fails here, at its line
        spec.claims.add(c);
    }

    /** Metrics (default: evaluation). */
    public void metrics(Object... refs) {
        for (Object r : refs) {
            spec.metrics.add(ctx.use(ExtensionKind.METRIC, r, null));
        }
    }

    /** A bare name: a plugin reference. */
    public Object propertyMissing(String name) {
        return ctx.ref(name, Map.of(), null);
    }

    /** A call that is not a keyword: a plugin reference with arguments. */
    public Object methodMissing(String name, Object args) {
        return Keywords.call(ctx, KEYWORDS, name, args);
    }

    /** Adds the unnamed model, if any, and checks that every bare name was used. */
    void finish() {
        if (defaultModel.encoder != null) {
            List<String> parts = new ArrayList<>();
            parts.add(defaultModel.encoder.name().replace(':', '_'));
            defaultModel.regularizers.forEach(r -> parts.add(r.name().replace(':', '_')));
            spec.models.add(0, new ModelSpec(String.join("-", parts), defaultModel.encoder, defaultModel.regularizers,
                    defaultModelWhere));
        } else if (!defaultModel.regularizers.isEmpty()) {
            throw new org.robustlab.api.RobustlabException("(" + ctx.scriptName + ") regularize needs an encoder"
                    + " in the same study (encoder mlp) or inside a model block");
        }
        List<String> all = new ArrayList<>(KEYWORDS);
        ctx.checkAllUsed(all);
    }
}
