/** Result files: atomic writes (temporary file, then rename), JSON, CSV and NumPy {@code .npy}. */
package org.robustlab.core.results;
