package org.robustlab.api;

/**
 * An error a researcher can act on: the message says what was wrong, where, and how to fix it.
 * The CLI prints only the message (no stack trace) for this type.
 */
public class RobustlabException extends RuntimeException {
    public RobustlabException(String message) {
        super(message);
    }

    public RobustlabException(String message, Throwable cause) {
        super(message, cause);
    }
}
