/** The ε sweep that turns an attack plugin into relative- and robust-accuracy curves. */
package org.robustlab.core.robustness;
