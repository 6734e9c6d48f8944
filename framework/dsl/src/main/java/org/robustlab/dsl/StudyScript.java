package org.robustlab.dsl;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.study.StudySpec;

/**
 * Base class of every study script: provides {@code study { }} and {@code study('name') { }}.
 * The loader sets the binding variable {@code __dsl} before running the script.
 */
public abstract class StudyScript extends Script {
    static final String CONTEXT = "__dsl";
    static final String SPEC = "__spec";

    /** Declares the study. */
    public void study(@DelegatesTo(value = StudyBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        DslContext ctx = (DslContext) getBinding().getVariable(CONTEXT);
        if (getBinding().hasVariable(SPEC)) {
            throw ctx.error("a script declares one study; this is the second study { } block");
        }
        StudySpec spec = new StudySpec();
        getBinding().setVariable(SPEC, spec);
        StudyBlock block = new StudyBlock(ctx, spec);
        runDelegateOnly(body, block);
        block.finish();
    }

    /** Declares the study with a name. */
    public void study(String name, @DelegatesTo(value = StudyBlock.class, strategy = Closure.DELEGATE_ONLY) Closure<?> body) {
        String problem = StudySpec.nameProblem(name);
        if (problem != null) { // checked first, so the error names this line and nothing else ran
            throw ((DslContext) getBinding().getVariable(CONTEXT)).error(problem);
        }
        study(body);
        ((StudySpec) getBinding().getVariable(SPEC)).name = name;
    }

    /** Runs {@code body} so that names resolve only against {@code delegate}: a typo fails at its own line. */
    static void runDelegateOnly(Closure<?> body, Object delegate) {
        Closure<?> c = body.rehydrate(delegate, delegate, delegate);
        c.setResolveStrategy(Closure.DELEGATE_ONLY);
        c.call();
    }

    /** Statements outside {@code study { }} are not part of the language. */
    public Object propertyMissing(String name) {
        throw new RobustlabException("'" + name + "' outside study { }: put the study's statements inside study { ... }");
    }
}
