package org.robustlab.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.robustlab.core.plugin.ExtensionKind;
import org.robustlab.core.study.ComponentRef;

/** Delegate of {@code model('name') { encoder mlp(hidden: 2000); regularize l2(1e-4) }}. */
public class ModelBlock extends groovy.lang.GroovyObjectSupport {
    static final List<String> KEYWORDS = List.of("encoder", "regularize");
    private final DslContext ctx;
    ComponentRef encoder;
    final List<ComponentRef> regularizers = new ArrayList<>();

    ModelBlock(DslContext ctx) {
        this.ctx = ctx;
    }

    /** The model's encoder, e.g. {@code encoder kh(hidden: 100)}. */
    public void encoder(Object ref) {
        if (encoder != null) {
            throw ctx.error("a model has one encoder; it already has '" + encoder.name() + "'. Declare another model"
                    + " with model('name') { ... } or model 'name', encoder: ...");
        }
        encoder = ctx.use(ExtensionKind.ENCODER, ref, null);
    }

    /** Penalties added to the model's loss, e.g. {@code regularize l2(1e-4), jacobian}. */
    public void regularize(Object... refs) {
        for (Object r : refs) {
            if (r instanceof List<?> l) {
                regularize(l.toArray());
            } else {
                regularizers.add(ctx.use(ExtensionKind.REGULARIZER, r, null));
            }
        }
    }

    /** A bare name: a plugin reference. */
    public Object propertyMissing(String name) {
        return ctx.ref(name, java.util.Map.of(), null);
    }

    /** A call that is not a keyword: a plugin reference with arguments. */
    public Object methodMissing(String name, Object args) {
        return Keywords.call(ctx, KEYWORDS, name, args);
    }
}
