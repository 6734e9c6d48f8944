package org.robustlab.core.data;

import org.robustlab.api.RobustlabException;

/** A data file that is not in the layout its reader expects; the message names file and record. */
public class DataFormatException extends RobustlabException {
    public DataFormatException(String message) {
        super(message);
    }
}
