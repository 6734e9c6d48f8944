package org.robustlab.core.params;

/**
 * Parameters that constrain each other (e.g. {@code epsMin < epsMax}), checked once after binding,
 * as Tribuo's {@code postConfig()}.
 */
public interface Validated {
    /** @throws org.robustlab.api.RobustlabException naming the parameters and the fix */
    void validate();
}
