package org.robustlab.dsl;

/** Finds the script line being executed, for messages such as {@code (study.groovy, line 4)}. */
final class ScriptLocation {
    private ScriptLocation() {
    }

    /** The innermost stack frame of {@code t} (or the current thread) in file {@code scriptName}. */
    static String of(String scriptName, Throwable t) {
        StackTraceElement[] frames = t == null ? new Throwable().getStackTrace() : t.getStackTrace();
        for (StackTraceElement f : frames) {
            if (scriptName.equals(f.getFileName()) && f.getLineNumber() > 0) {
                return "(" + scriptName + ", line " + f.getLineNumber() + ")";
            }
        }
        return "(" + scriptName + ")";
    }

    /** The current line. */
    static String here(String scriptName) {
        return of(scriptName, null);
    }
}
