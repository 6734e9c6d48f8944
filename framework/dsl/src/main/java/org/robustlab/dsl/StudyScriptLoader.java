package org.robustlab.dsl;

import groovy.lang.Binding;
import groovy.lang.GroovyCodeSource;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;
import org.robustlab.api.RobustlabException;
import org.robustlab.core.plugin.ExtensionRegistry;
import org.robustlab.core.study.StudySpec;

/**
 * Compiles and runs a study script into a {@link StudySpec}. Every error comes back as one
 * {@link RobustlabException} whose message starts with {@code (file, line N)}.
 */
public final class StudyScriptLoader {
    private static final Pattern ANGLE_FORM = Pattern.compile("(?s)^(\\s*)study(\\s*(?:\\(\\s*'[^']*'\\s*\\))?)\\s*<(.*)>\\s*$");

    private final ExtensionRegistry registry;

    public StudyScriptLoader(ExtensionRegistry registry) {
        this.registry = registry;
    }

    /** Loads a script file. */
    public StudySpec load(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return load(text, file.getFileName().toString());
        } catch (IOException e) {
            throw new RobustlabException("cannot read study script " + file + ": " + e.getMessage());
        }
    }

    /** A {@code run -e} body: wrapped in {@code study { }} unless it already declares a study. */
    public StudySpec loadInline(String body) {
        String trimmed = body.trim();
        String text = trimmed.startsWith("study") ? trimmed : "study { " + trimmed + " }";
        return load(text, "inline");
    }

    /** Loads script text; {@code fileName} names it in messages. */
    public StudySpec load(String text, String fileName) {
        String source = normalise(text);
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(StudyScript.class.getName());
        Binding binding = new Binding();
        binding.setVariable(StudyScript.CONTEXT, new DslContext(registry, fileName));
        GroovyShell shell = new GroovyShell(StudyScriptLoader.class.getClassLoader(), binding, config);
        Script script;
        try {
            script = shell.parse(new GroovyCodeSource(source, fileName, "/robustlab/script"));
        } catch (MultipleCompilationErrorsException e) {
            throw compileError(relocate(source, e, config), fileName);
        }
        try {
            script.run();
        } catch (RobustlabException e) {
            throw e.getMessage().startsWith("(") ? e : new RobustlabException(ScriptLocation.of(fileName, e) + " " + e.getMessage());
        } catch (groovy.lang.MissingMethodException e) {
            throw new RobustlabException(ScriptLocation.of(fileName, e) + " '" + e.getMethod()
                    + "' cannot be called with these arguments; check the keyword and its arguments");
        } catch (RuntimeException e) {
            throw new RobustlabException(ScriptLocation.of(fileName, e) + " " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (!binding.hasVariable(StudyScript.SPEC)) {
            throw new RobustlabException("(" + fileName + ") no study { ... } block; a study script declares"
                    + " study { encoder mlp; attack random }");
        }
        StudySpec spec = (StudySpec) binding.getVariable(StudyScript.SPEC);
        spec.scriptName = fileName;
        spec.scriptText = text;
        return spec;
    }

    /** Accepts the design card's literal form {@code study < a; b >} as {@code study { a; b }}. */
    static String normalise(String text) {
        Matcher m = ANGLE_FORM.matcher(text);
        if (m.matches()) {
            return m.group(1) + "study" + m.group(2) + " { " + m.group(3) + " }";
        }
        return text;
    }

    /**
     * Groovy reports a syntax error inside a closure at the closure's opening brace. Parsing the
     * study body again as top-level statements (the braces of {@code study { }} blanked, lines
     * kept) finds the statement that is really wrong; that location is used unless it is earlier
     * in the file.
     */
    private static MultipleCompilationErrorsException relocate(String source, MultipleCompilationErrorsException first,
                                                               CompilerConfiguration config) {
        Matcher m = Pattern.compile("\\bstudy\\b[^{<]*\\{").matcher(source);
        int close = source.lastIndexOf('}');
        if (!m.find() || close < m.end()) {
            return first;
        }
        StringBuilder flat = new StringBuilder(source);
        flat.setCharAt(m.end() - 1, ' ');
        flat.setCharAt(close, ' ');
        for (int i = m.start(); i < m.end() - 1; i++) {
            if (flat.charAt(i) != '\n') {
                flat.setCharAt(i, ' ');
            }
        }
        try {
            new GroovyShell(config).parse(flat.toString());
        } catch (MultipleCompilationErrorsException second) {
            if (line(second) >= line(first)) {
                return second;
            }
        } catch (RuntimeException ignored) {
            // the flattened text is only a locating aid
        }
        return first;
    }

    private static int line(MultipleCompilationErrorsException e) {
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage sm) {
                return sm.getCause().getLine();
            }
        }
        return -1;
    }

    private static RobustlabException compileError(MultipleCompilationErrorsException e, String fileName) {
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage sm) {
                SyntaxException s = sm.getCause();
                String msg = s.getOriginalMessage().split("\n")[0].replaceAll("\\s*@ line \\d+, column \\d+\\.?", "");
                return new RobustlabException("(" + fileName + ", line " + s.getLine() + ", column " + s.getStartColumn()
                        + ") syntax error: " + msg);
            }
        }
        return new RobustlabException("(" + fileName + ") cannot compile: " + e.getMessage());
    }
}
